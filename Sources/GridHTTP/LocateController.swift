import GridGeo
import GridService
import Hummingbird

/// `GET /locate?lon=&lat=[&crs=]`: the locate result as JSON.
struct LocateController {
    typealias Context = WanggeRequestContext
    let locators: StoreSnapshot<Locator>

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get { request, _ in try locate(request) }
        return routes
    }

    func locate(_ request: Request) throws -> Response {
        let q = try ParameterReader(request, allowed: ["lon", "lat", "crs"])
        let lon = try q.double("lon", required: "longitude in degrees")
        let lat = try q.double("lat", required: "latitude in degrees")
        let crs = try q.coordinateSystem("crs")
        guard Coordinate(lon: lon, lat: lat).isValidLonLat else {
            throw ParameterError(.invalid, "lon/lat", "[\(lon), \(lat)] is out of range (lon within ±180, lat within ±90; lon comes first)")
        }
        var w = JSONWriter(reservingCapacity: 2048)
        try locators.current().locate(Coordinate(lon: lon, lat: lat), crs: crs).write(to: &w)
        return .body(w.bytes, contentType: "application/json; charset=utf-8")
    }
}

extension Response {
    /// A body with its content type: every response the API builds goes through here.
    static func body(_ bytes: some Sequence<UInt8>, contentType: String, status: HTTPResponse.Status = .ok,
                     headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A JSON body with its content type.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        .body(value.jsonText.utf8, contentType: "application/json; charset=utf-8", status: status)
    }
}
