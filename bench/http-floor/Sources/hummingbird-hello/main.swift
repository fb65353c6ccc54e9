import Hummingbird

// GET /hello → "hello", on 127.0.0.1:18091 (or the port given as the first argument).
let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 18091
let router = Router()
router.get("/hello") { _, _ -> String in "hello" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
