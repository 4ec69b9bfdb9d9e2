import KMIPSpec
import Testing
import TTLV

/// The TTLV encoding examples of KMIP 1.0-1.4 section 9.1.2, byte for byte: each value
/// encodes to the printed bytes and the printed bytes decode to the value.
@Suite struct SpecExampleTests {
    static let examples: [(String, TTLVValue, String)] = [
        ("Integer 8", .integer(8), "42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00"),
        ("Long Integer 123456789000000000", .longInteger(123_456_789_000_000_000), "42 00 20 | 03 | 00 00 00 08 | 01 B6 9B 4B A5 74 92 00"),
        ("Big Integer 1234567890000000000000000000", .bigInteger(BigInteger(bytes: bytes("03 FD 35 EB 6B C2 DF 46 18 08 00 00"))),
         "42 00 20 | 04 | 00 00 00 10 | 00 00 00 00 03 FD 35 EB 6B C2 DF 46 18 08 00 00"),
        ("Enumeration 255", .enumeration(255), "42 00 20 | 05 | 00 00 00 04 | 00 00 00 FF 00 00 00 00"),
        ("Boolean true", .boolean(true), "42 00 20 | 06 | 00 00 00 08 | 00 00 00 00 00 00 00 01"),
        ("Text String Hello World", .textString("Hello World"), "42 00 20 | 07 | 00 00 00 0B | 48 65 6C 6C 6F 20 57 6F 72 6C 64 00 00 00 00 00"),
        ("Byte String 010203", .byteString([1, 2, 3]), "42 00 20 | 08 | 00 00 00 03 | 01 02 03 00 00 00 00 00"),
        ("Date-Time 2008-03-14T11:56:40Z", .dateTime(0x47DA_67F8), "42 00 20 | 09 | 00 00 00 08 | 00 00 00 00 47 DA 67 F8"),
        ("Interval 10 days", .interval(864_000), "42 00 20 | 0A | 00 00 00 04 | 00 0D 2F 00 00 00 00 00"),
        ("Structure of Enumeration 254 and Integer 255",
         .structure([TTLVItem(tag: Tag(rawValue: 0x420004), .enumeration(254)), TTLVItem(tag: Tag(rawValue: 0x420005), .integer(255))]),
         "42 00 20 | 01 | 00 00 00 20 | 42 00 04 | 05 | 00 00 00 04 | 00 00 00 FE 00 00 00 00 | 42 00 05 | 02 | 00 00 00 04 | 00 00 00 FF 00 00 00 00"),
        // Not printed in the spec (2.x has no examples section): the same instant as the
        // Date-Time example, in microseconds.
        ("Date-Time Extended 2008-03-14T11:56:40Z", .dateTimeExtended(1_205_495_800_000_000), "42 00 20 | 0B | 00 00 00 08 | 00 04 48 64 5C EF EE 00"),
    ]

    @Test(arguments: examples.indices)
    func encodesAndDecodes(_ index: Int) throws {
        let (name, value, printed) = Self.examples[index]
        let item = TTLVItem(tag: exampleTag, value)
        #expect(try TTLVEncoder.encode(item) == bytes(printed), "\(name)")
        #expect(try TTLVDecoder.decode(bytes(printed)) == item, "\(name)")
    }

    @Test func bigIntegerIsSignExtendedToEightBytes() throws {
        let minusOne = TTLVItem(tag: exampleTag, .bigInteger(BigInteger(bytes: [0xFF])))
        #expect(try TTLVEncoder.encode(minusOne) == bytes("420020 04 00000008 FFFFFFFFFFFFFFFF"))
        let small = TTLVItem(tag: exampleTag, .bigInteger(BigInteger(bytes: [0x01, 0x00])))
        #expect(try TTLVEncoder.encode(small) == bytes("420020 04 00000008 0000000000000100"))
        #expect(BigInteger(bytes: [0x00, 0x00, 0x01]) == BigInteger(bytes: [0x01]))
        #expect(BigInteger(bytes: [0xFF, 0xFF, 0x80]) == BigInteger(bytes: [0x80]))
        #expect(BigInteger(bytes: [0x00, 0x80]) != BigInteger(bytes: [0x80]))
    }

    @Test func textLengthCountsBytesNotCharacters() throws {
        let item = TTLVItem(tag: exampleTag, .textString("é€"))
        let encoded = try TTLVEncoder.encode(item)
        #expect(encoded == bytes("420020 07 00000005 C3A9E282AC000000"))
        #expect(try TTLVDecoder.decode(encoded) == item)
    }

    @Test func nestedStructuresRoundTrip() throws {
        let message = TTLVItem(tag: Tag(rawValue: 0x420078), .structure([
            TTLVItem(tag: Tag(rawValue: 0x420077), .structure([
                TTLVItem(tag: Tag(rawValue: 0x420069), .structure([
                    TTLVItem(tag: Tag(rawValue: 0x42006A), .integer(2)),
                    TTLVItem(tag: Tag(rawValue: 0x42006B), .integer(1)),
                ])),
                TTLVItem(tag: Tag(rawValue: 0x42000D), .integer(1)),
            ])),
            TTLVItem(tag: Tag(rawValue: 0x54_0001), .byteString([UInt8](repeating: 7, count: 33))),
            TTLVItem(tag: Tag(rawValue: 0x420094), .structure([])),
            TTLVItem(tag: Tag(rawValue: 0x420095), .longInteger(-2)),
            TTLVItem(tag: Tag(rawValue: 0x420096), .boolean(false)),
        ]))
        let encoded = try TTLVEncoder.encode(message)
        #expect(encoded.count % 8 == 0)
        #expect(try TTLVDecoder.decodeMessage(encoded) == message)
        #expect(try TTLVFramer.messageLength(Array(encoded.prefix(8))) == encoded.count)
    }
}
