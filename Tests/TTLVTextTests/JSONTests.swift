import KMIPSpec
import Testing
import TTLV
import TTLVText

@Suite struct JSONTests {
    func item(_ json: String) throws -> TTLVItem {
        try TTLVJSON.decode(Array(json.utf8))
    }

    /// The value forms of KMIP Additional Message Encodings 1.0 section 4.1.6.
    @Test func specValueForms() throws {
        #expect(try item(#"{"tag": "BatchCount", "type":"Integer", "value":10}"#).value == .integer(10))
        #expect(try item(#"{"tag": "BatchCount", "type":"Integer", "value":"0x0000000A"}"#).value == .integer(10))
        #expect(try item(#"{"tag": "CryptographicUsageMask", "type":"Integer", "value": "Encrypt|Decrypt|CertificateSign"}"#).value == .integer(0x100C))
        #expect(try item(#"{"tag": "CryptographicUsageMask", "type":"Integer", "value": "CertificateSign|0x0000000c"}"#).value == .integer(0x100C))
        #expect(try item(#"{"tag": "0x540001", "type":"LongInteger", "value":"0xfffffffffffffffe"}"#).value == .longInteger(-2))
        #expect(try item(#"{"tag": "0x540001", "type":"LongInteger", "value":-2}"#).value == .longInteger(-2))
        #expect(try item(#"{"tag": "UsageLimitsCount", "type":"LongInteger", "value":"0x1000000000000000"}"#).value == .longInteger(1 << 60))
        #expect(try item(#"{"tag": "Modulus", "type":"BigInteger", "value":0}"#).value == .bigInteger(BigInteger(bytes: [0])))
        #expect(try item(#"{"tag": "Modulus", "type":"BigInteger", "value":-129}"#).value == .bigInteger(BigInteger(bytes: [0xFF, 0x7F])))
        #expect(try item(#"{"tag": "Modulus", "type":"BigInteger", "value":"0x0000000000000000"}"#).value == .bigInteger(BigInteger(bytes: [0])))
        #expect(try item(#"{"tag": "0x420057", "type":"Enumeration", "value":2}"#).value == .enumeration(2))
        #expect(try item(#"{"tag": "ObjectType", "type":"Enumeration", "value":"SymmetricKey"}"#).value == .enumeration(2))
        #expect(try item(#"{"tag": "BatchOrderOption", "type":"Boolean", "value":"0x0000000000000001"}"#).value == .boolean(true))
        #expect(try item(#"{"tag": "MACSignature", "type":"ByteString", "value":"C50F77"}"#).value == .byteString([0xC5, 0x0F, 0x77]))
        #expect(try item(#"{"tag": "ArchiveDate", "type":"DateTime", "value":"0x000000003a505520"}"#).value == .dateTime(0x3A50_5520))
        #expect(try item(#"{"tag": "ArchiveDate", "type":"DateTime", "value":"2001-01-01T10:00:00+10:00"}"#).value == .dateTime(978_307_200))
        #expect(try item(#"{"tag": "Offset", "type":"Interval", "value":"0x0000001b"}"#).value == .interval(27))
        #expect(try item(#"{"tag": "ProtocolVersion", "value":null}"#).value == .structure([]))
    }

    @Test func roundTripKeepsEveryType() throws {
        let original = TTLVItem(tag: .requestPayload, .structure([
            TTLVItem(tag: .batchCount, .integer(Int32.min)),
            TTLVItem(tag: .usageLimitsCount, .longInteger(Int64.max)),
            TTLVItem(tag: .usageLimitsCount, .longInteger(-5)),
            TTLVItem(tag: .modulus, .bigInteger(BigInteger(bytes: [0x00, 0x80, 0x01]))),
            TTLVItem(tag: .attributeName, .textString("quote \" backslash \\ newline \n nul-free \u{1} ✓")),
            TTLVItem(tag: .cryptographicUsageMask, .integer(0x0C)),
            TTLVItem(tag: .objectType, .enumeration(0x8000_0005)),
            TTLVItem(tag: .activationDate, .dateTime(-1)),
            TTLVItem(tag: Tag(rawValue: 0x54_0003), .dateTimeExtended(5)),
        ]))
        let json = TTLVJSON.encode(original)
        #expect(try item(json) == original)
        #expect(json.contains(#""value": "Encrypt|Decrypt""#))
        #expect(try TTLVJSON.decodeDocument(Array(TTLVJSON.encodeDocument([original, original]).utf8)) == [original, original])
    }

    func error(_ json: String) -> TTLVTextError? {
        do {
            _ = try TTLVJSON.decodeDocument(Array(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func malformedInput() {
        #expect(error("")?.code == .malformed)
        #expect(error(#"{"tag": "BatchCount", "type": "Integer", "value": 1"#)?.code == .malformed)
        #expect(error(#"{"tag": "BatchCount", "type": "Integer", "value": 01}"#)?.code == .malformed)
        #expect(error(#"{"tag": "BatchCount", "type": "Integer", "value": 1} x"#)?.code == .malformed)
        #expect(error(#"{"tag": "AttributeName", "type": "TextString", "value": "\ud800"}"#)?.code == .malformed)
        #expect(error(#"{"tag": "Nope", "type": "Integer", "value": 1}"#)?.code == .unknownTag)
        #expect(error(#"{"tag": "BatchCount", "type": "Int", "value": 1}"#)?.code == .unknownType)
        #expect(error(#"{"tag": "BatchCount", "type": "Integer", "value": 1.5}"#)?.code == .invalidValue)
        #expect(error(#"{"tag": "BatchCount", "type": "Integer"}"#)?.code == .invalidStructure)
        #expect(error(#"{"tag": "RequestMessage", "value": 3}"#)?.code == .invalidStructure)
        #expect(error(#"[1]"#)?.code == .invalidStructure)
        let deep = String(repeating: #"{"tag": "RequestMessage", "value": ["#, count: 5000) + String(repeating: "]}", count: 5000)
        #expect(error(deep)?.code == .limitExceeded)
    }
}
