import GridGeo
import GridModel
import GridService
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /notifications/stream` (Server-Sent Events) and `GET /notifications?since=`: what
/// concerns the caller's scope as it happens, each event with its id so that `Last-Event-ID`
/// resumes without loss.
struct NoticesController {
    typealias Context = WanggeRequestContext
    let desk: PetitionDesk
    let hub: NoticeHub

    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    func addRoutes(to router: Router<Context>) {
        router.get("/notifications") { request, context in try list(request, context) }
        router.get("/notifications/stream") { request, context in try stream(request, context) }
    }

    func scope(_ context: Context) throws -> PetitionScope {
        try context.caller.require(.readPetitions)
        return context.caller.petitionScope(sensitive: try desk.registry().sensitiveCategories)
    }

    func list(_ request: Request, _ context: Context) throws -> Response {
        let q = try ParameterReader(request, allowed: ["since", "limit"])
        let since = Int64(try q.int("since", default: 0, range: 0...Int(Int64.max >> 1)))
        let (found, last) = try desk.notices(since: since, limit: try q.int("limit", default: 100, range: 1...1000), for: context.caller)
        return .json(.object(JSONObject([("notifications", .array(found.map(\.json))), ("last", .number(Double(last)))])))
    }

    func stream(_ request: Request, _ context: Context) throws -> Response {
        let scope = try scope(context)
        _ = try ParameterReader(request, allowed: [])
        let resume = try request.headers[Self.lastEventID].map { text -> Int64 in
            guard let v = Int64(text.trimmingWhitespace), v >= 0 else {
                throw ParameterError(.invalid, "Last-Event-ID", "'\(text)' is not an event id")
            }
            return v
        }
        let notices = try hub.subscribe(scope: scope, after: resume)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            // A first comment tells clients and proxies the stream is open.
            try await writer.write(ByteBuffer(string: ": wangge notifications\nretry: 2000\n\n"))
            // A stream never ends by itself: it ends when the server stops, so that stopping
            // does not wait for clients that never hang up.
            try await withGracefulShutdownHandler {
                for await n in notices.stream {
                    try await writer.write(ByteBuffer(string: "id: \(n.id)\nevent: \(n.type.rawValue)\ndata: \(n.json.jsonText)\n\n"))
                }
            } onGracefulShutdown: {
                notices.end()
            }
            try await writer.finish(nil)
        })
    }
}
