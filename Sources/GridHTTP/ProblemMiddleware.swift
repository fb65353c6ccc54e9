import GridService
import Hummingbird
import Logging
import NIOHTTP1

/// Turns every error into a `Problem`, so no client ever sees a plain-text or HTML error: the
/// router's own 404 and 405, and anything unexpected (a 500 whose detail does not leak
/// internals; the real error goes to the log).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let e as ParameterError {
            throw Problem(e)
        } catch let e as DeskError {
            throw Problem(e)
        } catch let e as AccessDenied {
            throw Problem(e)
        } catch let error as HTTPParserError {
            // A body that breaks HTTP/1.1 framing (a bad chunk size) is the caller's fault.
            throw Problem.malformedRequest("\(error)")
        } catch let error as any HTTPResponseError {
            if error.status == .notFound {
                // The router's 404: a path that exists under other methods is a 405 instead.
                if let methods = OpenAPIDocument.methods(at: request.uri.path), !methods.contains(request.method.rawValue) {
                    var headers = HTTPFields()
                    headers[.allow] = methods.joined(separator: ", ")
                    throw Problem(.methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
                                  detail: "\(request.method) is not allowed on \(request.uri.path); allowed: \(methods.joined(separator: ", "))",
                                  headers: headers)
                }
                throw Problem.notFound
            }
            throw Problem(error.status, type: "http-\(error.status.code)", title: error.status.reasonPhrase,
                          detail: "\(request.method) \(request.uri.path) failed with \(error.status.code) \(error.status.reasonPhrase)")
        } catch let e as any StoreUnavailable {
            logger.error("store unavailable", metadata: ["path": "\(request.uri.path)", "error": "\(e)"])
            var headers = HTTPFields()
            headers[.retryAfter] = "5"
            throw Problem(.serviceUnavailable, type: "store-unavailable", title: "The database cannot be reached",
                          detail: "the database is not answering for now (restarting or unreachable); try again in a few seconds", headers: headers)
        } catch {
            logger.error("unexpected error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw Problem(.internalServerError, type: "internal-error", title: "Internal error",
                          detail: "the server failed to answer; the error was logged")
        }
    }
}
