import ArgumentParser
import GridModel
import GridService
import GridStore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "List the audit log: who did what, when, to what, from where (oldest first, tab-separated).")

    @OptionGroup var store: StoreOptions

    @Option(help: "Only entries at or after this time: RFC 3339, or a date (from its start, China time).")
    var since: String?

    @Option(help: "Only entries by this actor.")
    var who: String?

    func run() throws {
        let from: Timestamp?
        do {
            from = try ParameterReader([("since", since ?? "")].filter { !$0.1.isEmpty }, allowed: ["since"]).time("since")
                .map { Timestamp(seconds: $0) }
        } catch {
            throw ValidationError("--since: \(error)")
        }
        do {
            for e in try store.open().auditEntries(since: from, actor: who) {
                print([e.at.description, e.actor, e.action, e.target ?? "-", e.origin ?? "-", e.detail ?? "-"].joined(separator: "\t"))
            }
        } catch {
            exitWith(error)
        }
    }
}
