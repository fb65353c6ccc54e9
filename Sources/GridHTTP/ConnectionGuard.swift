import GridGeo
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import Synchronization

/// Keeps one connection from holding the server: a request head must arrive within the header
/// timeout of the connection opening (or of the previous answer), its body within the body
/// timeout, and no more than `maxConnections` are served at once. It also turns the framework's
/// empty 400 for a request that cannot be parsed (a 100 KB URL, a broken chunked body) into a
/// problem+json answer like every other error.
///
/// Sits after the HTTP decoder (it sees request and response parts), one instance per connection.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The connections open now, shared by all connections of one server.
    final class Census: Sendable {
        let open = Atomic<Int>(0)
        init() {}
    }

    let options: ServerOptions
    let census: Census
    private var counted = false
    private var deadline: Scheduled<Void>?
    /// Why the request could not be parsed, until its 400 has been rewritten.
    private var parseError: String?
    private var pendingProblem: [UInt8]?

    init(options: ServerOptions, census: Census) {
        self.options = options
        self.census = census
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let open = census.open.add(1, ordering: .relaxed).newValue
        counted = true
        if open > options.maxConnections {
            context.close(promise: nil)
            return
        }
        arm(context, options.headerTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        if counted { census.open.subtract(1, ordering: .relaxed); counted = false }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        if counted { census.open.subtract(1, ordering: .relaxed); counted = false }
        context.fireChannelInactive()
    }

    /// Closes the connection unless the next awaited part arrives within `limit`.
    private func arm(_ context: ChannelHandlerContext, _ limit: Duration) {
        deadline?.cancel()
        let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { loopBound.value.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: arm(context, options.bodyTimeout)
        case .end: deadline?.cancel(); deadline = nil
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let e = error as? HTTPParserError { parseError = "\(e)" }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where parseError != nil && head.status == .badRequest:
            // The framework's own answer to a request it could not parse: say what was wrong.
            let why = parseError ?? ""
            parseError = nil
            let problem = Array(Self.problemJSON(why).utf8)
            head.headerFields[.contentType] = "application/problem+json"
            head.headerFields[.contentLength] = String(problem.count)
            pendingProblem = problem
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end(let trailers) where pendingProblem != nil:
            let body = context.channel.allocator.buffer(bytes: pendingProblem!)
            pendingProblem = nil
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.write(wrapOutboundOut(.end(trailers)), promise: promise)
        case .end:
            arm(context, options.headerTimeout)
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    static func problemJSON(_ why: String) -> String {
        Problem.malformedRequest(why).json.jsonText
    }
}
