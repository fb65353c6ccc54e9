import Foundation
import GridGeo
import GridHTTP
import GridService
import GridStore
import GridTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct LocateRouteTests {
    /// The small district in a real store file, and a locator over it.
    static let directory = TemporaryDirectory()
    static let store: GridStore = {
        SmallDistrict.writeFiles(into: directory)
        let store = try! GridStore(path: directory.file("w.db"))
        try! Importer(store: store).importFolder(directory.path) { _ in }
        return store
    }()
    static let locator = try! Locator(store: store)

    func withRouter(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: buildRouter(store: Self.store, locator: Self.locator))
        try await app.test(.router, test)
    }

    func json(_ response: TestResponse) throws -> JSONValue {
        try JSONParser.parse(Array(response.body.readableBytesView))
    }

    @Test func locateAnswersWithTheContractShape() async throws {
        try await withRouter { client in
            try await client.execute(uri: "/locate?lon=101.7045&lat=26.5795", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let body = try json(response)
                #expect(body["point"] == [101.7045, 26.5795])
                #expect(body["building"]?["id"] == "B1")
                #expect(body["areas"]?["grid"]?["id"] == "G1")
                #expect(body["areas"]?["grid"]?["worker"] == "王芳")
                #expect(body["areas"]?["street"]?["name"] == "炳草岗街道")
                #expect(body["units"]?.arrayValue?.first?["id"] == "U-C1")
            }
        }
    }

    @Test func aGCJPointIsConvertedAndEchoed() async throws {
        let gcj = ChinaShift.wgs84ToGCJ02(Coordinate(lon: 101.7045, lat: 26.5795))
        try await withRouter { client in
            try await client.execute(uri: "/locate?lon=\(gcj.lon)&lat=\(gcj.lat)&crs=gcj02", method: .get) { response in
                let body = try json(response)
                #expect(body["building"]?["id"] == "B1")
                #expect(body["crs"] == "gcj02")
                #expect(body["point"] == [.number(gcj.lon), .number(gcj.lat)])
            }
        }
    }

    @Test(arguments: [
        ("/locate?lon=101.7&lat=26.58&zoom=3", "unknown-parameter", "'zoom' is not a parameter"),
        ("/locate?lon=abc&lat=26.58", "invalid-parameter", "'abc' is not a decimal number"),
        ("/locate?lat=26.58", "missing-parameter", "lon is required"),
        ("/locate?lon=26.58&lat=101.7", "invalid-parameter", "out of range"),
        ("/locate?lon=101.7&lat=26.58&lat=26.59", "invalid-parameter", "more than once"),
        ("/locate?lon=101.7&lat=26.58&crs=utm", "invalid-parameter", "use wgs84, gcj02 or bd09"),
        ("/locate?lon=nan&lat=26.58", "invalid-parameter", "not a decimal number"),
    ])
    func badInputIsA400ProblemThatSaysWhatToChange(uri: String, type: String, detail: String) async throws {
        try await withRouter { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try json(response)
                #expect(body["type"] == .string("/problems/\(type)"))
                #expect(body["status"] == 400)
                #expect(body["detail"]?.stringValue?.contains(detail) == true, "\(body)")
            }
        }
    }

    @Test func unknownPathsAndMethodsAreProblemsToo() async throws {
        try await withRouter { client in
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try json(response)
                #expect(body["type"] == "/problems/not-found")
            }
            try await client.execute(uri: "/locate?lon=101.7&lat=26.58", method: .post) { response in
                #expect(response.status.code >= 400 && response.status.code < 500)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }
}
