import Hummingbird

/// Refuses request bodies over `maxBytes` with a 413 problem before any handler reads them:
/// at once when Content-Length says so, else while collecting a chunked body (at most
/// `maxBytes` are ever held). Keeps a slow or hostile client from filling the server's memory.
/// Attachments are not collected: their handler streams them to a file and counts as it goes.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    /// 1 MiB: a petition with its text is a few KiB; nothing the API takes comes near it.
    static var defaultMaxBytes: Int { 1 << 20 }

    /// The limit of every body but attachments.
    let maxBytes: Int
    /// The limit of a file posted to an attachments route.
    var attachmentMaxBytes: Int = 20 << 20

    /// Files go to `/attachments` and `/petitions/{id}/attachments`; everything else is small JSON.
    static func isAttachmentUpload(_ request: Request) -> Bool {
        request.method == .post && request.uri.path.hasSuffix("/attachments")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let maxBytes = Self.isAttachmentUpload(request) ? attachmentMaxBytes : self.maxBytes
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > maxBytes { throw Problem.tooLarge(declared, limit: maxBytes) }
        guard !Self.isAttachmentUpload(request), declared == nil ? request.headers[.transferEncoding] != nil : declared! > 0 else {
            return try await next(request, context)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem.tooLarge(nil, limit: maxBytes)
        }
        return try await next(request, context)
    }
}

extension Problem {
    /// A body larger than its route takes (413).
    static func tooLarge(_ size: Int?, limit maxBytes: Int) -> Problem {
        Problem(.contentTooLarge, type: "payload-too-large", title: "Request body too large",
                detail: "the body\(size.map { " (\($0) bytes)" } ?? "") is larger than the \(maxBytes)-byte limit; send less")
    }
}
