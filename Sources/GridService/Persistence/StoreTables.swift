/// Every table a deployment holds, with its columns' kinds, in an order that keeps references
/// valid: what `wangge copy` moves between stores and checks afterwards. Both stores name their
/// tables and columns alike; each says how it reads and writes a kind.
public enum StoreTables {
    /// How a column is held. Read back, every kind is a `StoredValue`: geometry as WKB bytes,
    /// booleans as 0/1, times as RFC 3339 text in UTC, JSON as the text stored.
    public enum Kind: Sendable {
        case text, integer, real, boolean, geometry, time
    }

    public struct Table: Sendable {
        public var name: String
        public var columns: [(name: String, kind: Kind)]
        /// The columns rows are ordered by (the primary key).
        public var order: String
        /// Whether its `id` column is a counter the store continues after a copy.
        public var counted: Bool

        public var columnList: String { columns.map(\.name).joined(separator: ", ") }
    }

    static func table(_ name: String, _ spec: String, order: String, counted: Bool = false) -> Table {
        let kinds: [Character: Kind] = ["t": .text, "i": .integer, "r": .real, "b": .boolean, "g": .geometry, "s": .time]
        let columns = spec.split(separator: " ").map { item -> (name: String, kind: Kind) in
            let parts = item.split(separator: ":")
            return (String(parts[0]), kinds[parts[1].first!]!)
        }
        return Table(name: name, columns: columns, order: order, counted: counted)
    }

    /// The tables, referenced ones first.
    public static let all: [Table] = [
        table("area", "id:t name:t level:t level_rank:i parent:t population:i worker:t phone:t area_m2:r geom:g", order: "id"),
        table("category", "code:t name_zh:t name_en:t default_level:t dispatch_days:i first_reply_days:i resolve_working_days:i sensitive:b resolve_by_kind:t difficulty_tiers:t", order: "code"),
        table("unit", "id:t name:t level:t parent:t coverage:g", order: "id"),
        table("unit_jurisdiction", "unit_id:t area_id:t", order: "unit_id, area_id"),
        table("unit_category", "unit_id:t category_code:t", order: "unit_id, category_code"),
        table("building", "id:t address:t name:t number:t floors:i province_id:t city_id:t district_id:t street_id:t community_id:t grid_id:t footprint:g position:g", order: "id"),
        table("household", "id:t building_id:t unit:t floor:i room:t address:t", order: "id"),
        table("person", "id:t household_id:t name:t id_number:t phone:t tags:t", order: "id"),
        table("calendar_day", "day:i date:t working:b name:t", order: "day"),
        table("desk_policy", "id:i document:t", order: "id"),
        table("import_log", "id:i layer:t source:t records:i warnings:i imported_at:s", order: "id", counted: true),
        table("petition", "id:t received_at:t received_epoch:i channel:t kind:t category:t urgency:t text:t address:t status:t building_id:t province_id:t city_id:t district_id:t street_id:t community_id:t grid_id:t resolve_by:t resolve_by_epoch:i position:g household_id:t location_crs:t contact_name:t contact_phone:t difficulty:i boundary_version:i dispatch_by:t first_reply_by:t unit_id:t assisting_units:t rule_id:t rule_reason:t dispatched_at:t first_reply_at:t resolved_at:t closed_at:t rating:t outcome:t round:i callback:i duplicate_of:t reject_reason:t warned:i case_state:t contact_key:t warn_at_epoch:i", order: "id"),
        table("petition_event", "petition_id:t seq:i at:t at_epoch:i actor:t action:t from_status:t to_status:t note:t details:t", order: "petition_id, seq"),
        table("petition_counter", "day:t last:i", order: "day"),
        table("api_token", "id:t secret_sha256:t role:t area_id:t unit_id:t label:t created_at:t revoked_at:t", order: "id"),
        table("audit_log", "id:i at:t at_epoch:i actor:t action:t target:t origin:t detail:t", order: "id", counted: true),
        table("attachment", "id:t type:t size:i created_at:t created_by:t", order: "id"),
        table("petition_attachment", "petition_id:t attachment_id:t added_at:t added_by:t", order: "petition_id, attachment_id"),
        table("notice", "id:i at:t type:t petition_id:t unit_id:t assisting_units:t placement:t category:t summary:t", order: "id", counted: true),
        table("hook", "id:t url:t events:t unit_id:t secret:t created_at:t removed_at:t", order: "id"),
        table("hook_delivery", "id:i hook_id:t notice_id:i attempts:i state:t next_at_epoch:i last_status:i last_error:t delivered_at:t", order: "id", counted: true),
        table("hook_cursor", "id:i notice_id:i", order: "id"),
        table("user_account", "name:t role:t area_id:t unit_id:t password_hash:t totp_secret:t created_at:t disabled_at:t failed_attempts:i locked_until:t generation:i", order: "name"),
        table("desk_session", "id_sha256:t value:t idle_until_epoch:i expires_epoch:i", order: "id_sha256"),
        table("early_warning", "id:t kind:t category:t start_day:i end_day:i observed:i expected:r p_value:r recurrence_days:r radius_m:r lon:r lat:r outline:t grids:t units:t building:t meter:t petitions:t status:t summary:t", order: "id"),
        table("early_warning_event", "id:i warning_id:t at:t actor:t status:t note:t", order: "id", counted: true),
        table("warning_scan", "day:i at:t", order: "day"),
        table("meter_reading", "building_id:t meter:t kind:t day:i value:r", order: "building_id, meter, kind, day"),
    ]
}
