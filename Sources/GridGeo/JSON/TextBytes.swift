/// Checks bytes read from outside (a request body, an imported file) before they become text:
/// invalid UTF-8 would be silently replaced by U+FFFD and a NUL would cut the text where C code
/// reads it, so both are refused with the place they stand.
public enum TextBytes {
    /// The first place where `bytes` are not clean text: the byte offset and why; nil when clean.
    public static func problem(in bytes: some Collection<UInt8>) -> (offset: Int, reason: String)? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == 0 { return (offset, "a NUL character") }
                offset += encoded.count
            case .error(let length):
                _ = length
                return (offset, "invalid UTF-8")
            case .emptyInput:
                return nil
            }
        }
    }

    /// The text of `bytes` when they are valid UTF-8 without NUL, else nil.
    public static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard !bytes.contains(0), let s = String(validating: bytes, as: UTF8.self) else { return nil }
        return s
    }
}
