import Hummingbird
import Logging

/// One structured log line per request: method, path, status, duration. The query string is
/// left out on purpose: later endpoints take addresses and names, which are personal data.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func log(_ status: HTTPResponse.Status) {
            let d = ContinuousClock.now - start
            let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
            logger.info("request", metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)",
                "status": "\(status.code)", "ms": "\((ms * 100).rounded() / 100)",
            ])
        }
        do {
            let response = try await next(request, context)
            log(response.status)
            return response
        } catch let error as any HTTPResponseError {
            log(error.status)
            throw error
        } catch {
            log(.internalServerError)
            throw error
        }
    }
}
