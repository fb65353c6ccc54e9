import Foundation
import HummingbirdOTP

/// TOTP enrolment (HummingbirdOTP): a new secret and the `otpauth://` URL an authenticator app
/// reads (as a QR code or typed in).
public enum SecondFactor {
    /// A new random secret (32 letters and digits) and its authenticator URL for `user`.
    public static func enrol(user: String, issuer: String = "Wangge") -> (secret: String, url: String) {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var rng = SystemRandomNumberGenerator()
        let secret = String((0..<32).map { _ in alphabet[Int(rng.next(upperBound: UInt32(alphabet.count)))] })
        return (secret, TOTP(secret: secret).createAuthenticatorURL(label: "\(issuer):\(user)", issuer: issuer))
    }

    /// The code for `secret` at a Unix time (for tests and for checking an enrolment).
    public static func code(secret: String, at seconds: Int64) -> String {
        let value = TOTP(secret: secret).compute(date: .init(timeIntervalSince1970: Double(seconds)))
        return String(value).leftPadded(to: 6)
    }
}
