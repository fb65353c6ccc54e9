import Foundation
import GridGeo
import GridService
import HTTPTypes
import Hummingbird

/// The inspectors' map page: HTML at `/` for browsers (and at `/map`), its script and style,
/// and Leaflet from the files Debian's `libjs-leaflet` installs — no CDN, no build step.
struct MapPage: Sendable {
    typealias Context = WanggeRequestContext

    let configuration: MapPageOptions

    func addRoutes(to router: Router<Context>) {
        router.get("/map") { request, _ in
            _ = try ParameterReader(request, allowed: [])
            return html()
        }
        router.get("/map/assets/:file") { _, context in try asset(context.parameters.get("file") ?? "") }
        router.get("/map/leaflet/:file") { _, context in try leaflet(context.parameters.get("file") ?? "") }
        router.get("/map/leaflet/images/:file") { _, context in try leaflet("images/" + (context.parameters.get("file") ?? "")) }
    }

    /// Whether a request to `/` is a browser's: it names HTML in Accept before any JSON. GDAL,
    /// QGIS and curl ask for JSON or anything and get the OGC landing page.
    static func wantsHTML(_ request: Request, format: String?) -> Bool {
        if let format { return format == "html" }
        let accept = request.headers[.accept] ?? ""
        guard let html = accept.range(of: "text/html") else { return false }
        guard let json = accept.range(of: "json") else { return true }
        return html.lowerBound < json.lowerBound
    }

    func html() -> Response {
        let config = JSONValue.object(JSONObject([
            ("basemap", configuration.basemapURL.map(JSONValue.string) ?? .null),
            ("basemap_crs", .string(configuration.basemapCRS.rawValue)),
            ("attribution", configuration.basemapAttribution.map(JSONValue.string) ?? .null),
        ])).jsonText.replacingOccurrences(of: "</", with: "<\\/")
        return .body(PageAssets.text("map.html").replacingOccurrences(of: "{{CONFIG}}", with: config).utf8, contentType: PageAssets.html,
                     headers: SecurityHeaders.page(imageSources: basemapOrigin.map { [$0] } ?? []))
    }

    /// Where the basemap's tiles come from, as a CSP source (`https://*.is.autonavi.com` for a
    /// template with `{s}` subdomains); nil without a basemap.
    var basemapOrigin: String? {
        guard let url = configuration.basemapURL, let scheme = url.range(of: "://") else { return nil }
        let host = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
        let labels = host.split(separator: ".").map { $0.contains("{") ? "*" : String($0) }
        guard !labels.isEmpty else { return nil }
        return String(url[..<scheme.upperBound]) + labels.joined(separator: ".")
    }

    func asset(_ name: String) throws -> Response {
        guard name.hasPrefix("map."), name != "map.html", let file = PageAssets.files[name] else {
            throw Problem(.notFound, type: "not-found", title: "No such file", detail: "no map asset '\(name)'")
        }
        return .body(file.bytes, contentType: file.type)
    }

    /// Leaflet's script, style and images, read from the Debian package's folder.
    func leaflet(_ name: String) throws -> Response {
        let types = ["js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8", "png": "image/png", "map": "application/json"]
        let allowed = ["leaflet.js", "leaflet.css"] + ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"].map { "images/" + $0 }
        guard allowed.contains(name), let type = types[String(name.split(separator: ".").last ?? "")] else {
            throw Problem(.notFound, type: "not-found", title: "No such file", detail: "no Leaflet file '\(name)'")
        }
        guard let data = FileManager.default.contents(atPath: configuration.leafletDirectory + "/" + name) else {
            throw Problem(.notFound, type: "not-found", title: "Leaflet is not installed",
                          detail: "\(configuration.leafletDirectory)/\(name) is missing: install Debian's libjs-leaflet (scripts/setup.sh does) or pass wangge serve --leaflet DIR")
        }
        var headers = HTTPFields()
        headers[.cacheControl] = "public, max-age=86400"
        return .body(data, contentType: type, headers: headers)
    }
}
