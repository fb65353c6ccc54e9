import GridService
import Hummingbird
import Logging

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
        } catch let error as any HTTPResponseError {
            if error.status == .notFound { throw Problem.notFound }
            throw Problem(error.status, type: "http-\(error.status.code)", title: error.status.reasonPhrase,
                          detail: "\(request.method) \(request.uri.path) failed with \(error.status.code) \(error.status.reasonPhrase)")
        } catch {
            logger.error("unexpected error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw Problem(.internalServerError, type: "internal-error", title: "Internal error",
                          detail: "the server failed to answer; the error was logged")
        }
    }
}
