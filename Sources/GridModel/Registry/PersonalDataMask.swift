/// Masks personal data for answers that must not show it whole: phone numbers keep the first
/// three and last four digits (138****5678), ID numbers the first four and last four
/// (5104**********1234), names the family name (张**).
public enum PersonalDataMask {
    public static func phone(_ s: String) -> String { keep(s, first: 3, last: 4) }
    public static func idNumber(_ s: String) -> String { keep(s, first: 4, last: 4) }
    public static func name(_ s: String) -> String {
        guard let first = s.first else { return s }
        return String(first) + String(repeating: "*", count: max(1, s.count - 1))
    }

    static func keep(_ s: String, first: Int, last: Int) -> String {
        let chars = Array(s)
        // Too short to keep both ends and hide anything: hide it all.
        guard chars.count > first + last else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(first)) + String(repeating: "*", count: chars.count - first - last) + String(chars.suffix(last))
    }
}
