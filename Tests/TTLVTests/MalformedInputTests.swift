import KMIPSpec
import Testing
import TTLV

/// The negative catalogue: every malformed input is a typed error with a useful offset,
/// never a trap.
@Suite struct MalformedInputTests {
    @Test(arguments: [0, 1, 4, 7])
    func shortHeaderIsTruncated(_ count: Int) {
        #expect(decodeError([UInt8](repeating: 0x42, count: count))?.code == .truncated)
    }

    @Test func valuePastTheEndIsTruncated() {
        let error = decodeError(header(0x420020, 0x07, 11) + Array("Hello".utf8))
        #expect(error?.code == .truncated)
        #expect(error?.offset == 0)
        #expect(error?.tag == exampleTag)
    }

    @Test func hugeDeclaredLengthIsRejectedWithoutReading() {
        #expect(decodeError(header(0x420020, 0x08, 0xFFFF_FFFF))?.code == .truncated)
        #expect(decodeError(header(0x420020, 0x01, 0xFFFF_FFF8))?.code == .truncated)
    }

    @Test func childLongerThanParentIsOutOfBounds() {
        let child = header(0x420004, 0x08, 16) + [UInt8](repeating: 1, count: 16)
        let input = header(0x420020, 0x01, 16) + child
        let error = decodeError(input)
        #expect(error?.code == .lengthOutOfBounds)
        #expect(error?.offset == 8)
        #expect(error?.tagPath == [exampleTag, Tag(rawValue: 0x420004)])
    }

    @Test(arguments: [(UInt8(0x02), UInt32(8)), (0x03, 4), (0x05, 8), (0x06, 4), (0x09, 4), (0x0A, 8), (0x0B, 16), (0x02, 0)])
    func fixedWidthTypesNeedTheirLength(_ type: UInt8, _ length: UInt32) {
        let padded = Int((length + 7) & ~7)
        #expect(decodeError(header(0x420020, type, length) + [UInt8](repeating: 0, count: padded))?.code == .invalidLength)
    }

    @Test(arguments: [UInt8(0x00), 0x0C, 0x0D, 0x0E, 0x42, 0xFF])
    func unknownTypeByte(_ type: UInt8) {
        let error = decodeError(header(0x420020, type, 8) + [UInt8](repeating: 0, count: 8))
        #expect(error?.code == .unknownItemType)
        #expect(error?.reason.contains(String(type, radix: 16)) == true)
    }

    @Test func nonZeroPaddingIsStrictOnly() throws {
        let input = bytes("420020 08 00000003 010203 0000000001")
        #expect(decodeError(input)?.code == .nonZeroPadding)
        #expect(try TTLVDecoder.decode(input, options: .lenient) == TTLVItem(tag: exampleTag, .byteString([1, 2, 3])))
        let integer = bytes("420020 02 00000004 00000008 00000001")
        #expect(decodeError(integer)?.code == .nonZeroPadding)
        #expect(try TTLVDecoder.decode(integer, options: .lenient) == TTLVItem(tag: exampleTag, .integer(8)))
    }

    @Test func booleanOtherThanZeroOrOneIsStrictOnly() throws {
        let input = bytes("420020 06 00000008 0000000000000002")
        #expect(decodeError(input)?.code == .invalidBoolean)
        #expect(try TTLVDecoder.decode(input, options: .lenient) == TTLVItem(tag: exampleTag, .boolean(true)))
    }

    @Test func bigIntegerLengthMustBeAMultipleOfEight() throws {
        let input = bytes("420020 04 00000003 010203 0000000000")
        #expect(decodeError(input)?.code == .invalidLength)
        #expect(try TTLVDecoder.decode(input, options: .lenient) == TTLVItem(tag: exampleTag, .bigInteger(BigInteger(bytes: [1, 2, 3]))))
        #expect(decodeError(header(0x420020, 0x04, 0))?.code == .invalidLength)
    }

    @Test(arguments: ["C3", "FF", "ED A0 80", "F4 90 80 80", "C0 AF"])
    func badUTF8IsRejected(_ sequence: String) {
        let raw = bytes(sequence)
        let input = header(0x420020, 0x07, UInt32(raw.count)) + raw + [UInt8](repeating: 0, count: (8 - raw.count % 8) % 8)
        #expect(decodeError(input)?.code == .invalidUTF8)
    }

    /// `depth` nested structures, the innermost empty.
    func nested(_ depth: Int) -> [UInt8] {
        var input: [UInt8] = []
        for level in 0..<depth { input += header(0x420020, 0x01, UInt32(8 * (depth - level - 1))) }
        return input
    }

    @Test func depthAtTheLimitDecodesAndOneMoreFails() throws {
        _ = try TTLVDecoder.decode(nested(64))
        let error = decodeError(nested(65))
        #expect(error?.code == .depthLimitExceeded)
        #expect(error?.offset == 64 * 8)
        #expect(error?.tagPath.count == 65)
    }

    @Test func depthBombFails() {
        #expect(decodeError(nested(100_000))?.code == .depthLimitExceeded)
        #expect(decodeError(nested(2000), options: TTLVDecodingOptions(maxDepth: .max))?.code == .depthLimitExceeded)
    }

    @Test func itemLimit() throws {
        var children: [UInt8] = []
        for _ in 0..<10 { children += header(0x420004, 0x02, 4) + [0, 0, 0, 1, 0, 0, 0, 0] }
        let input = header(0x420020, 0x01, UInt32(children.count)) + children
        _ = try TTLVDecoder.decode(input, options: TTLVDecodingOptions(maxItems: 11))
        #expect(decodeError(input, options: TTLVDecodingOptions(maxItems: 10))?.code == .itemLimitExceeded)
    }

    @Test func messageSizeLimit() {
        let input = header(0x420020, 0x08, 64) + [UInt8](repeating: 0, count: 64)
        #expect(decodeError(input, options: TTLVDecodingOptions(maxMessageBytes: 71))?.code == .messageTooLarge)
    }

    @Test func trailingBytes() {
        let error = decodeError(bytes("420020 02 00000004 00000008 00000000 42"))
        #expect(error?.code == .trailingBytes)
        #expect(error?.offset == 16)
    }

    @Test func everyStrictPrefixOfAMessageFails() throws {
        let message = TTLVItem(tag: Tag(rawValue: 0x420078), .structure([
            TTLVItem(tag: Tag(rawValue: 0x420077), .structure([TTLVItem(tag: Tag(rawValue: 0x42000D), .integer(1))])),
            TTLVItem(tag: Tag(rawValue: 0x420094), .textString("abcdefghij")),
        ]))
        let encoded = try TTLVEncoder.encode(message)
        for count in 0..<encoded.count {
            #expect(decodeError(Array(encoded.prefix(count))) != nil, "prefix \(count)")
        }
    }

    /// Random corruption of a valid message: each result decodes or throws, never traps.
    @Test func randomCorruptionNeverTraps() throws {
        let message = TTLVItem(tag: Tag(rawValue: 0x420078), .structure([
            TTLVItem(tag: Tag(rawValue: 0x420077), .structure([
                TTLVItem(tag: Tag(rawValue: 0x42000D), .integer(1)),
                TTLVItem(tag: Tag(rawValue: 0x420092), .dateTime(1_234_567)),
            ])),
            TTLVItem(tag: Tag(rawValue: 0x420094), .textString("abcdefghij")),
            TTLVItem(tag: Tag(rawValue: 0x420095), .bigInteger(BigInteger(-5))),
            TTLVItem(tag: Tag(rawValue: 0x420096), .byteString(Array(0..<40))),
        ]))
        let encoded = try TTLVEncoder.encode(message)
        var generator = SplitMix64(seed: 0x4B4D4950)
        var failures = 0
        for _ in 0..<20_000 {
            var corrupted = encoded
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                corrupted[Int.random(in: 0..<corrupted.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if decodeError(corrupted) != nil { failures += 1 }
        }
        #expect(failures > 0)
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
