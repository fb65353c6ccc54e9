import Hummingbird

/// Refuses request bodies over `maxBytes` with a 413 problem before any handler reads them:
/// at once when Content-Length says so, else while collecting a chunked body (at most
/// `maxBytes` are ever held). Keeps a slow or hostile client from filling the server's memory.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    /// 1 MiB: a petition with its text is a few KiB; nothing the API takes comes near it.
    static var defaultMaxBytes: Int { 1 << 20 }

    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > maxBytes { throw tooLarge(declared) }
        guard declared == nil ? request.headers[.transferEncoding] != nil : declared! > 0 else {
            return try await next(request, context)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge(nil)
        }
        return try await next(request, context)
    }

    func tooLarge(_ size: Int?) -> Problem {
        Problem(.contentTooLarge, type: "payload-too-large", title: "Request body too large",
                detail: "the body\(size.map { " (\($0) bytes)" } ?? "") is larger than the \(maxBytes)-byte limit; send less")
    }
}
