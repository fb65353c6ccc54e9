import GridService
import GridStore
import GridTestSupport

/// The small district's files written to `dir` and imported into a fresh store there.
func importedSmallDistrict(_ dir: TemporaryDirectory) throws -> (GridStore, Importer) {
    SmallDistrict.writeFiles(into: dir)
    let store = try GridStore(path: dir.file("w.db"))
    let importer = Importer(store: store)
    try importer.importFolder(dir.path) { _ in }
    return (store, importer)
}
