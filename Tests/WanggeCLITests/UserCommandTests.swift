import Foundation
import GridTestSupport
import Testing

/// `wangge user` as an admin runs it: passwords from standard input, refusals with their
/// reason and a usage exit status, the list without secrets, TOTP enrolment.
@Suite struct UserCommandTests {
    @Test func anAdminManagesThePeopleWhoSignIn() throws {
        let cli = WanggeCLITests()
        let dir = TemporaryDirectory()
        try cli.imported(dir)
        let added = try cli.run(["user", "add", "王芳", "--role", "unit", "--unit", "U-D", "--db", "w.db", "--password-stdin"],
                                stdin: "Wang-pass-2026\n", in: dir)
        #expect(added.status == 0 && added.stdout.contains("added 王芳 (unit, unit=U-D)"), "\(added.stderr)")
        let again = try cli.run(["user", "add", "王芳", "--role", "admin", "--db", "w.db", "--password-stdin"], stdin: "Other-pass-1\n", in: dir)
        #expect(again.status == 64 && again.stderr.contains("already a user '王芳'"), "\(again.stderr)")
        let noScope = try cli.run(["user", "add", "li", "--role", "grid_worker", "--db", "w.db", "--password-stdin"], stdin: "Li-pass-2026\n", in: dir)
        #expect(noScope.status == 64 && noScope.stderr.contains("needs --area"), "\(noScope.stderr)")
        let short = try cli.run(["user", "add", "li", "--role", "admin", "--db", "w.db", "--password-stdin"], stdin: "short\n", in: dir)
        #expect(short.status == 64 && short.stderr.contains("at least 8"), "\(short.stderr)")
        let noTerminal = try cli.run(["user", "add", "li", "--role", "admin", "--db", "w.db"], in: dir)
        #expect(noTerminal.status == 64 && noTerminal.stderr.contains("--password-stdin"), "\(noTerminal.stderr)")

        #expect(try cli.run(["user", "disable", "王芳", "--db", "w.db"], in: dir).status == 0)
        let list = try cli.run(["user", "list", "--db", "w.db"], in: dir)
        #expect(list.stdout.contains("王芳\tunit\tunit=U-D\t-\t") && list.stdout.contains("disabled"), "\(list.stdout)")
        #expect(!list.stdout.contains("Wang-pass") && !list.stdout.contains("$2b$"))
        #expect(try cli.run(["user", "enable", "王芳", "--db", "w.db"], in: dir).status == 0)
        #expect(try cli.run(["user", "password", "王芳", "--db", "w.db", "--password-stdin"], stdin: "New-pass-2026\n", in: dir).status == 0)
        let totp = try cli.run(["user", "totp", "王芳", "--db", "w.db"], in: dir)
        #expect(totp.status == 0 && totp.stdout.hasPrefix("otpauth://totp/Wangge:"), "\(totp.stdout)")
        #expect(try cli.run(["user", "list", "--db", "w.db"], in: dir).stdout.contains("\ttotp\t"))
        let missing = try cli.run(["user", "disable", "nobody", "--db", "w.db"], in: dir)
        #expect(missing.status == 64 && missing.stderr.contains("no user 'nobody'"))
        let audit = try cli.run(["audit", "--db", "w.db"], in: dir).stdout
        for action in ["user.add", "user.disable", "user.enable", "user.password", "user.totp"] {
            #expect(audit.contains(action), "\(action) is audited")
        }
    }

    @Test func theDemoMakesOnePersonPerRoleAndResetsThem() throws {
        let cli = WanggeCLITests()
        let dir = TemporaryDirectory()
        try cli.imported(dir)
        let first = try cli.run(["user", "demo", "--db", "w.db"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.map { $0[0] }.contains("demo-dispatcher") && lines.allSatisfy { $0.count == 4 })
        let second = try cli.run(["user", "demo", "--db", "w.db"], in: dir)
        #expect(second.status == 0 && second.stdout != first.stdout, "a second run gives fresh passwords")
    }
}
