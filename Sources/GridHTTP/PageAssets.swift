/// The pages' files (map and desk: HTML, style, script), kept as real files under `Pages/` and
/// compiled into the binary by SwiftPM (`embedInCode`): one file to deploy, nothing to build,
/// nothing fetched from the internet. Leaflet comes from the Debian package.
enum PageAssets {
    /// The files a page may load by name, with their media types.
    static let files: [String: (bytes: [UInt8], type: String)] = [
        "map.html": (PackageResources.map_html, html), "map.js": (PackageResources.map_js, script),
        "map.css": (PackageResources.map_css, style), "map.tiles.js": (PackageResources.map_tiles_js, script),
        "desk.html": (PackageResources.desk_html, html), "desk.js": (PackageResources.desk_js, script),
        "desk.css": (PackageResources.desk_css, style),
        "login.html": (PackageResources.login_html, html), "login.js": (PackageResources.login_js, script),
    ]

    static let html = "text/html; charset=utf-8"
    static let script = "text/javascript; charset=utf-8"
    static let style = "text/css; charset=utf-8"

    /// A page's file as text (an HTML page whose placeholders the server fills in).
    static func text(_ name: String) -> String {
        String(decoding: files[name]?.bytes ?? [], as: UTF8.self)
    }
}
