import Foundation
import NIOSSL
import PostgresNIO

/// A `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…&sslrootcert=…&sslcert=…&sslkey=…]` URL (also
/// `postgres://`), as libpq and every PostgreSQL tool write it. `sslmode` means what it means to
/// libpq: `disable`; `allow` or `prefer` (the default: TLS when the server offers it, unverified);
/// `require` (TLS or no connection; verified against `sslrootcert` when one is named);
/// `verify-ca` (the server's certificate signed by `sslrootcert`, else the system's roots);
/// `verify-full` (that, and issued to the host named). `sslcert` and `sslkey` (PEM files) sign
/// in with a client certificate, for servers whose `pg_hba.conf` asks for one (`cert`, or
/// `clientcert=verify-full`); libpq's defaults in `~/.postgresql` are not looked for.
public struct PostgresURL: Sendable, Equatable {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tlsMode: TLSMode
    /// A PEM file of the certificate authorities the server's certificate must come from.
    public var rootCertificates: String?
    /// PEM files of this client's certificate (its chain) and private key.
    public var clientCertificate: String?
    public var clientKey: String?

    /// How a connection uses TLS (libpq's `sslmode`).
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// Whether `text` names a PostgreSQL database rather than a file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public init(_ text: String) throws(PostgresStoreError) {
        guard Self.isPostgres(text), let url = URLComponents(string: text) else {
            throw .badURL(text, why: "it must start with postgresql://")
        }
        guard let host = url.host, !host.isEmpty else { throw .badURL(text, why: "no host") }
        guard let user = url.user, !user.isEmpty else { throw .badURL(text, why: "no user") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw .badURL(text, why: "no database name after the host") }
        self.user = user.removingPercentEncoding ?? user
        password = url.password.map { $0.removingPercentEncoding ?? $0 }
        self.host = host
        port = url.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        var mode = TLSMode.prefer
        for item in url.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let m = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw .badURL(text, why: "sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")), found '\(item.value ?? "")'")
                }
                mode = m
            case "sslrootcert", "sslcert", "sslkey":
                guard let path = item.value, !path.isEmpty, FileManager.default.isReadableFile(atPath: path) else {
                    throw .badURL(text, why: "\(item.name) names no readable file: '\(item.value ?? "")'")
                }
                switch item.name {
                case "sslrootcert": rootCertificates = path
                case "sslcert": clientCertificate = path
                default: clientKey = path
                }
            default:
                throw .badURL(text, why: "unknown parameter '\(item.name)' (this client reads sslmode, sslrootcert, sslcert and sslkey)")
            }
        }
        guard (clientCertificate == nil) == (clientKey == nil) else {
            throw .badURL(text, why: "sslcert and sslkey go together: a client certificate needs its key")
        }
        guard clientCertificate == nil || mode != .disable else {
            throw .badURL(text, why: "a client certificate (sslcert) needs TLS, but sslmode is disable")
        }
        tlsMode = mode
    }

    /// The URL without its password, for messages and logs.
    public var redacted: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    /// The driver's configuration, with the TLS context the mode asks for.
    func configuration() throws(PostgresStoreError) -> PostgresConnection.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let rootCertificates { tls.trustRoots = .file(rootCertificates) }
        let verified = tlsMode == .verifyCA || tlsMode == .verifyFull || (tlsMode == .require && rootCertificates != nil)
        tls.certificateVerification = !verified ? .none : tlsMode == .verifyFull ? .fullVerification : .noHostnameVerification
        let mode: PostgresConnection.Configuration.TLS
        do {
            if let clientCertificate, let clientKey {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(clientCertificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: clientKey, format: .pem))
            }
            switch tlsMode {
            case .disable: mode = .disable
            case .allow, .prefer: mode = .prefer(try NIOSSLContext(configuration: tls))
            case .require, .verifyCA, .verifyFull: mode = .require(try NIOSSLContext(configuration: tls))
            }
        } catch {
            throw .badURL(redacted, why: "its TLS settings cannot be used: \(error)")
        }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: mode)
    }
}
