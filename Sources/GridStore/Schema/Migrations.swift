/// The schema, as an ordered list of migrations. A database records the last one applied in
/// `wangge_schema`; opening an older file applies the rest, a newer file is refused.
enum Migrations {
    static let levels = "'province','city','district','street','community','grid'"

    /// Migration k (1-based) is `all[k - 1]`. Append only; never edit a released step.
    static let all: [String] = [
        // 1: the registry.
        """
        CREATE TABLE area (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN (\(levels))),
            level_rank INTEGER NOT NULL,
            parent TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            population INTEGER,
            worker TEXT,
            phone TEXT,
            area_m2 REAL NOT NULL
        );
        SELECT AddGeometryColumn('area', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1);
        SELECT CreateSpatialIndex('area', 'geom');
        CREATE INDEX area_level ON area(level);
        CREATE INDEX area_parent ON area(parent);

        CREATE TABLE building (
            id TEXT PRIMARY KEY,
            address TEXT NOT NULL,
            name TEXT,
            number TEXT,
            floors INTEGER,
            province_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            city_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            district_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            street_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            community_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            grid_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED
        );
        SELECT AddGeometryColumn('building', 'footprint', 4326, 'MULTIPOLYGON', 'XY', 0);
        SELECT AddGeometryColumn('building', 'position', 4326, 'POINT', 'XY', 1);
        SELECT CreateSpatialIndex('building', 'footprint');
        SELECT CreateSpatialIndex('building', 'position');
        CREATE INDEX building_grid ON building(grid_id);

        CREATE TABLE household (
            id TEXT PRIMARY KEY,
            building_id TEXT NOT NULL REFERENCES building(id) DEFERRABLE INITIALLY DEFERRED,
            unit TEXT,
            floor INTEGER,
            room TEXT,
            address TEXT
        );
        CREATE INDEX household_building ON household(building_id);

        CREATE TABLE person (
            id TEXT PRIMARY KEY,
            household_id TEXT NOT NULL REFERENCES household(id) DEFERRABLE INITIALLY DEFERRED,
            name TEXT NOT NULL,
            id_number TEXT,
            phone TEXT,
            tags TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX person_household ON person(household_id);

        CREATE TABLE category (
            code TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            default_level TEXT NOT NULL CHECK (default_level IN (\(levels))),
            dispatch_days INTEGER NOT NULL,
            first_reply_days INTEGER NOT NULL,
            resolve_working_days INTEGER NOT NULL,
            sensitive INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE unit (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN (\(levels))),
            parent TEXT REFERENCES unit(id) DEFERRABLE INITIALLY DEFERRED
        );
        CREATE TABLE unit_jurisdiction (
            unit_id TEXT NOT NULL REFERENCES unit(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            area_id TEXT NOT NULL REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (unit_id, area_id)
        );
        CREATE INDEX unit_jurisdiction_area ON unit_jurisdiction(area_id);
        CREATE TABLE unit_category (
            unit_id TEXT NOT NULL REFERENCES unit(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            category_code TEXT NOT NULL REFERENCES category(code) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (unit_id, category_code)
        );

        CREATE TABLE import_log (
            id INTEGER PRIMARY KEY,
            layer TEXT NOT NULL,
            source TEXT NOT NULL,
            records INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        """,
        // 2: petitions (history and intake) and each unit's covered ground for maps.
        """
        CREATE TABLE petition (
            id TEXT PRIMARY KEY,
            received_at TEXT NOT NULL,
            received_epoch INTEGER NOT NULL,
            channel TEXT NOT NULL,
            kind TEXT NOT NULL,
            category TEXT NOT NULL,
            urgency TEXT NOT NULL,
            text TEXT NOT NULL,
            address TEXT,
            status TEXT NOT NULL,
            building_id TEXT,
            province_id TEXT,
            city_id TEXT,
            district_id TEXT,
            street_id TEXT,
            community_id TEXT,
            grid_id TEXT,
            resolve_by TEXT,
            resolve_by_epoch INTEGER
        );
        SELECT AddGeometryColumn('petition', 'position', 4326, 'POINT', 'XY', 0);
        SELECT CreateSpatialIndex('petition', 'position');
        CREATE INDEX petition_received ON petition(received_epoch);
        CREATE INDEX petition_grid ON petition(grid_id);

        SELECT AddGeometryColumn('unit', 'coverage', 4326, 'MULTIPOLYGON', 'XY', 0);
        SELECT CreateSpatialIndex('unit', 'coverage');
        """,
    ]

    static var latest: Int { all.count }
}
