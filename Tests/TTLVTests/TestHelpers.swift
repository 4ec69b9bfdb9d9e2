import KMIPSpec
import TTLV

/// Bytes from hex, ignoring spaces, bars and newlines (the spec prints examples that way).
func bytes(_ hex: String) -> [UInt8] {
    let digits = hex.filter(\.isHexDigit)
    var out: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        out.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return out
}

/// The tag of the spec examples (`420020`).
let exampleTag = Tag(rawValue: 0x420020)

/// The error code thrown by decoding `input`, or `nil` if it decodes.
func decodeError(_ input: [UInt8], options: TTLVDecodingOptions = .init()) -> TTLVError? {
    do {
        _ = try TTLVDecoder.decode(input, options: options)
        return nil
    } catch {
        return error
    }
}

/// A header: tag, type byte, length.
func header(_ tag: UInt32, _ type: UInt8, _ length: UInt32) -> [UInt8] {
    [UInt8(tag >> 16 & 0xFF), UInt8(tag >> 8 & 0xFF), UInt8(tag & 0xFF), type,
     UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
}
