import GridGeo
import GridModel
import GridService
import Testing

/// The CQL2 parsers on their own: what the standard's text and JSON encodings write becomes the
/// same filter, and what they do not is refused where it stops making sense.
@Suite struct CQL2ParserTests {
    func text(_ s: String) throws(FeatureFilterError) -> FeatureFilter { try FeatureFilter.parse(s, language: .text) }
    func json(_ s: String) throws(FeatureFilterError) -> FeatureFilter { try FeatureFilter.parse(s, language: .json) }

    @Test func bothEncodingsMeanTheSame() throws {
        let pairs = [
            ("name = 'it''s' AND floors >= -3", #"{"op":"and","args":[{"op":"=","args":[{"property":"name"},"it's"]},{"op":">=","args":[{"property":"floors"},-3]}]}"#),
            ("NOT name LIKE 'a\\_%' OR id NOT IN ('x', 'y')", #"{"op":"or","args":[{"op":"not","args":[{"op":"like","args":[{"property":"name"},"a\\_%"]}]},{"op":"not","args":[{"op":"in","args":[{"property":"id"},["x","y"]]}]}]}"#),
            ("floors not between 1 and 3.5e0", #"{"op":"not","args":[{"op":"between","args":[{"property":"floors"},1,3.5]}]}"#),
            ("parent is not null", #"{"op":"not","args":[{"op":"isNull","args":[{"property":"parent"}]}]}"#),
            ("s_intersects(geometry, POINT Z (101.7 -26.5 12))", #"{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[101.7,-26.5]}]}"#),
            ("S_WITHIN(geometry, BBOX(1, 2, 3, 4))", #"{"op":"s_within","args":[{"property":"geometry"},{"bbox":[1,2,3,4]}]}"#),
            ("S_CROSSES(geometry, MULTIPOINT(1 2, 3 4))", #"{"op":"s_crosses","args":[{"property":"geometry"},{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}]}"#),
            ("T_INTERSECTS(received_at, INTERVAL('2026-01-01', '..'))", #"{"op":"t_intersects","args":[{"property":"received_at"},{"interval":["2026-01-01",".."]}]}"#),
            ("T_AFTER(received_at, TIMESTAMP('2026-01-01T08:00:00+08:00'))", #"{"op":"t_after","args":[{"property":"received_at"},{"timestamp":"2026-01-01T00:00:00Z"}]}"#),
            ("TRUE", "true"),
        ]
        for (t, j) in pairs {
            #expect(try text(t) == json(j), "\(t)")
        }
        // A date is its day in China time: 2026-01-01 begins at 2025-12-31T16:00:00Z.
        #expect(try text("received_at = DATE('2026-01-01')") == .compare(.equal, .property("received_at"), .date(1_767_196_800)))
    }

    @Test func refusalsSayWhere() {
        let cases: [(String, String)] = [
            ("name = 'x", "at character 8: the string that starts here is never closed"),
            ("name = 'x' AND", "at character 15: expected a property or a value"),
            ("name LIKE 3", "at character 11: expected a pattern in quotes after LIKE"),
            ("floors BETWEEN 1 3", "at character 18: expected AND between the two ends of BETWEEN"),
            ("S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(1 2)))", "GEOMETRYCOLLECTION is not supported"),
            ("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1)))", "ring 1 of a polygon must have at least 4 points"),
            ("S_INTERSECTS(geometry, BBOX(3, 2, 1, 4))", "each minimum must come before its maximum"),
            ("T_AFTER(received_at, TIMESTAMP('2026-01-01'))", "a date without a time of day"),
            ("T_AFTER(received_at, INTERVAL('2026-02-01', '2026-01-01'))", "the interval's start is after its end"),
            ("UPPER(name) = 'X'", "at character 1: no function UPPER"),
            ("name = 'x' name", "at character 12: expected AND, OR or the end of the filter"),
            ("A_CONTAINS(tags, ('a'))", "array functions are not supported"),
            ("name # 'x'", "at character 6: unexpected character '#'"),
        ]
        for (filter, reason) in cases {
            #expect(throws: FeatureFilterError.self, "\(filter)") { try text(filter) }
            do { _ = try text(filter) } catch { #expect(error.description.contains(reason), "\(filter): \(error)") }
        }
        for (filter, reason) in [(#"{"op":"between","args":[{"property":"floors"},1]}"#, "at args: \"between\" takes 3 arguments, not 2"),
                                 (#"{"op":"=","args":[{"property":"name"},{"op":"+","args":[1,2]}]}"#, "at args[1]: \"+\" is a predicate"),
                                 (#"{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[1]}]}"#, "args[1]"),
                                 (#"{"op":"t_after","args":[{"property":"received_at"},{"interval":["2026-01-01"]}]}"#, "at args[1].interval: an interval is an array of two ends"),
                                 ("[1, 2]", "at the top: expected a predicate"), ("{", "not JSON")] {
            do { _ = try json(filter); Issue.record("\(filter) was taken") } catch {
                #expect(error.description.contains(reason), "\(filter): \(error)")
            }
        }
    }

    @Test func typesAndPropertiesAreCheckedAgainstTheLayer() throws {
        #expect(throws: FeatureFilterError.self) { try text("floors = 'seven'").checked(for: .buildings) }
        #expect(throws: FeatureFilterError.self) { try text("name > 3").checked(for: .buildings) }
        #expect(throws: FeatureFilterError.self) { try text("S_INTERSECTS(floors, POINT(1 2))").checked(for: .buildings) }
        #expect(throws: FeatureFilterError.self) { try text("T_AFTER(name, DATE('2026-01-01'))").checked(for: .buildings) }
        #expect(throws: FeatureFilterError.self) { try text("received_at = 3").checked(for: .petitions) }
        #expect(throws: FeatureFilterError.self) { try text("phone = '1'").checked(for: .areas(.grid)) }
        #expect(throws: FeatureFilterError.self) { try text("floors_like IS NULL").checked(for: .buildings) }
        let checked = try text("T_BEFORE(received_at, resolve_by) AND unit IS NULL OR TRUE").checked(for: .petitions)
        #expect(checked == .or([.and([.temporal(.before, .property("received_at"), .property("resolve_by")), .isNull(.property("unit"))]), .constant(true)]))
        // EPSG:4326 puts latitude first; the filter comes out longitude first.
        #expect(try text("S_INTERSECTS(geometry, POINT(26.5 101.7))").checked(for: .areas(.grid), crs: .epsg4326)
                == .spatial(.intersects, .property("geometry"), .geometry(.point(Coordinate(lon: 101.7, lat: 26.5)))))
    }
}
