import GridService
import Hummingbird

/// The desk (工单台): the screens people work cases in — intake, work lists, the case page,
/// the callback desk — at `/desk`, one page on the same API as every other client. Asked for
/// without a session, every screen answers 303 to the sign-in page, which returns there after.
struct DeskPage: Sendable {
    typealias Context = WanggeRequestContext

    /// The screens, by path below `/desk`; the page's script draws the one the path names.
    static let screens = ["", "/intake", "/callbacks", "/case/:id"]

    func addRoutes(to router: Router<Context>) {
        for screen in Self.screens {
            router.get(RouterPath("/desk" + screen)) { request, context in try page(request, context) }
        }
        router.get("/desk/login") { request, _ in
            _ = try ParameterReader(request, allowed: ["next"])
            return Response.body(PageAssets.files["login.html"]!.bytes, contentType: PageAssets.html, headers: SecurityHeaders.page(imageSources: []))
        }
        router.get("/desk/assets/:file") { _, context in try asset(context.parameters.get("file") ?? "") }
    }

    func page(_ request: Request, _ context: Context) throws -> Response {
        _ = try ParameterReader(request, allowed: ["queue"])
        guard context.identity != nil else {
            var headers = HTTPFields()
            headers[.location] = "/desk/login?next=" + request.uri.path.percentEscaped(keeping: "/")
            return Response(status: .seeOther, headers: headers)
        }
        return .body(PageAssets.files["desk.html"]!.bytes, contentType: PageAssets.html, headers: SecurityHeaders.page(imageSources: []))
    }

    func asset(_ name: String) throws -> Response {
        guard name.hasPrefix("desk.") || name.hasPrefix("login."), !name.hasSuffix(".html"), let file = PageAssets.files[name] else {
            throw Problem(.notFound, type: "not-found", title: "No such file", detail: "no desk asset '\(name)'")
        }
        return .body(file.bytes, contentType: file.type)
    }
}
