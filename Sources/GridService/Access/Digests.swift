import Crypto
import Foundation

/// SHA-256 and HMAC-SHA256 from swift-crypto, as hex: the one place Wangge hashes.
public enum Digests {
    /// The SHA-256 of `bytes` as 64 lowercase hex digits.
    public static func sha256(_ bytes: some DataProtocol) -> String { hex(SHA256.hash(data: bytes)) }

    /// The SHA-256 of a text's UTF-8.
    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    /// HMAC-SHA256 of `message` under `key`, as hex.
    public static func hmac(_ message: some DataProtocol, key: some ContiguousBytes) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
