import KMIPSpec
import Testing
import TTLV
import TTLVText

@Suite struct XMLTests {
    /// KMIP Additional Message Encodings 1.0, test case MSGENC-XML-M-1-10, time 0: the XML
    /// and the hex the document prints for it.
    @Test func specExampleEncodesToThePrintedBytes() throws {
        let xml = """
            <RequestMessage>
              <RequestHeader>
                <ProtocolVersion>
                  <ProtocolVersionMajor type="Integer" value="1"/>
                  <ProtocolVersionMinor type="Integer" value="0"/>
                </ProtocolVersion>
                <MaximumResponseSize type="Integer" value="256"/>
                <BatchCount type="Integer" value="1"/>
              </RequestHeader>
              <BatchItem>
                <Operation type="Enumeration" value="Query"/>
                <RequestPayload>
                  <QueryFunction type="Enumeration" value="QueryOperations"/>
                  <QueryFunction type="Enumeration" value="QueryObjects"/>
                </RequestPayload>
              </BatchItem>
            </RequestMessage>
            """
        let printed = hexBytes("""
            42007801000000904200770100000048420069010000002042006a02000000040000000100000000
            42006b020000000400000000000000004200500200000004000001000000000042000d0200000004
            000000010000000042000f010000003842005c050000000400000018000000004200790100000020
            4200740500000004000000010000000042007405000000040000000200000000
            """)
        let item = try TTLVXML.decode(Array(xml.utf8))
        #expect(try TTLVEncoder.encode(item) == printed)
        #expect(try TTLVXML.decode(Array(TTLVXML.encode(item).utf8)) == item)
        #expect(TTLVXML.encode(item).contains("<QueryFunction type=\"Enumeration\" value=\"QueryOperations\"/>"))
    }

    func value(_ xml: String) throws -> TTLVValue {
        try TTLVXML.decode(Array(xml.utf8)).value
    }

    @Test func masksAsNamesOrHex() throws {
        #expect(try value(#"<CryptographicUsageMask type="Integer" value="0x0000100c"/>"#) == .integer(0x100C))
        #expect(try value(#"<CryptographicUsageMask type="Integer" value="Encrypt Decrypt CertificateSign"/>"#) == .integer(0x100C))
        #expect(try value(#"<CryptographicUsageMask type="Integer" value="CertificateSign 0x00000004 0x0000008"/>"#) == .integer(0x100C))
        #expect(try value(#"<CryptographicUsageMask type="Integer" value="Decrypt   Encrypt"/>"#) == .integer(0x0C))
        let written = TTLVXML.encode(TTLVItem(tag: .cryptographicUsageMask, .integer(0x100C | 0x4000_0000)))
        #expect(written == "<CryptographicUsageMask type=\"Integer\" value=\"Encrypt Decrypt CertificateSign 0x40000000\"/>\n")
    }

    @Test func enumerationsAsNamesOrHex() throws {
        #expect(try value(#"<ObjectType type="Enumeration" value="SymmetricKey"/>"#) == .enumeration(2))
        #expect(try value(#"<ObjectType type="Enumeration" value="0x00000002"/>"#) == .enumeration(2))
        #expect(try value(#"<OpaqueDataType type="Enumeration" value="0x80000001"/>"#) == .enumeration(0x8000_0001))
        #expect(TTLVXML.encode(TTLVItem(tag: .objectType, .enumeration(0x8000_0001))) == "<ObjectType type=\"Enumeration\" value=\"0x80000001\"/>\n")
    }

    @Test func attributeValueTakesItsNamesFromTheAttributeName() throws {
        let xml = """
            <Attribute>
              <AttributeName type="TextString" value="Cryptographic Algorithm"/>
              <AttributeValue type="Enumeration" value="AES"/>
            </Attribute>
            """
        let item = try TTLVXML.decode(Array(xml.utf8))
        #expect(item[.attributeValue]?.value == .enumeration(CryptographicAlgorithm.aes.rawValue))
        #expect(TTLVXML.encode(item).contains("value=\"AES\""))
    }

    @Test func everyTypeRoundTrips() throws {
        let item = TTLVItem(tag: .requestPayload, .structure([
            TTLVItem(tag: .batchCount, .integer(-1)),
            TTLVItem(tag: .usageLimitsCount, .longInteger(1 << 60)),
            TTLVItem(tag: .modulus, .bigInteger(BigInteger(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC, 0xA6]))),
            TTLVItem(tag: .batchOrderOption, .boolean(true)),
            TTLVItem(tag: .attributeName, .textString("multi\nline \"quoted\" <x> & tab\t é")),
            TTLVItem(tag: .ivCounterNonce, .byteString([0xA1, 0xB2, 0xC3, 0xD4])),
            TTLVItem(tag: .ivCounterNonce, .byteString([])),
            TTLVItem(tag: .archiveDate, .dateTime(978_307_200)),
            TTLVItem(tag: .offset, .interval(27)),
            TTLVItem(tag: Tag(rawValue: 0x54_0001), .dateTimeExtended(978_307_200_123_456)),
            TTLVItem(tag: Tag(rawValue: 0x54_FFFF), .structure([TTLVItem(tag: Tag(rawValue: 0x54_0002), .textString("ext"))])),
        ]))
        let xml = TTLVXML.encode(item)
        #expect(try TTLVXML.decode(Array(xml.utf8)) == item)
        #expect(xml.contains(#"<TTLV tag="0x540001" type="DateTimeExtended" value="2001-01-01T00:00:00.123456+00:00"/>"#))
        #expect(xml.contains(#"value="2001-01-01T00:00:00+00:00""#))
        #expect(xml.contains(#"<BigInteger"#) == false)
    }

    @Test func dateTimesWithOffsetsAndFractions() throws {
        #expect(try value(#"<ArchiveDate type="DateTime" value="2001-01-01T10:00:00+10:00"/>"#) == .dateTime(978_307_200))
        #expect(try value(#"<ArchiveDate type="DateTime" value="2001-01-01T00:00:00.999Z"/>"#) == .dateTime(978_307_200))
        #expect(try value(#"<ArchiveDate type="DateTime" value="2000-12-31T19:00:00-05:00"/>"#) == .dateTime(978_307_200))
    }

    @Test func hexAndElementNameTagForms() throws {
        #expect(try TTLVXML.decode(Array(#"<TTLV tag="0x420057" type="Enumeration" value="SymmetricKey"/>"#.utf8)).tag == .objectType)
        #expect(try TTLVXML.decode(Array(#"<x540001 type="LongInteger" value="-2"/>"#.utf8)) == TTLVItem(tag: Tag(rawValue: 0x54_0001), .longInteger(-2)))
        #expect(try TTLVXML.decode(Array(#"<TTLV tag="ActivationDate" type="DateTime" value="2001-01-01T00:00:00Z"/>"#.utf8)).tag == .activationDate)
    }

    @Test func documentsWithSeveralMessages() throws {
        let xml = """
            <KMIP>
            # TIME 0
            <RequestMessage><BatchCount type="Integer" value="1"/></RequestMessage>
            # TIME 1
            <ResponseMessage/>
            </KMIP>
            """
        let items = try TTLVXML.decodeDocument(Array(xml.utf8))
        #expect(items.map(\.tag) == [.requestMessage, .responseMessage])
        #expect(try TTLVXML.decodeDocument(Array(TTLVXML.encodeDocument(items).utf8)) == items)
    }

    func error(_ xml: String, options: TTLVTextOptions = .init()) -> TTLVTextError? {
        do {
            _ = try TTLVXML.decodeDocument(Array(xml.utf8), options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test func malformedInput() {
        #expect(error("<RequestMessage>")?.code == .malformed)
        #expect(error("")?.code == .malformed)
        #expect(error("# comment\n<KMIP/>")?.code == .malformed)
        #expect(error(#"<NoSuchTag type="Integer" value="1"/>"#)?.code == .unknownTag)
        #expect(error(#"<BatchCount type="Int" value="1"/>"#)?.code == .unknownType)
        #expect(error(#"<BatchCount type="Integer" value="one"/>"#)?.code == .invalidValue)
        #expect(error(#"<BatchCount type="Integer" value="4294967296"/>"#)?.code == .invalidValue)
        #expect(error(#"<BatchCount type="Integer"/>"#)?.code == .invalidStructure)
        #expect(error(#"<ObjectType type="Enumeration" value="NoSuchObject"/>"#)?.code == .unknownName)
        #expect(error(#"<ActivationDate type="DateTime" value="2001-02-30T00:00:00Z"/>"#)?.code == .invalidValue)
        #expect(error(#"<IVCounterNonce type="ByteString" value="abc"/>"#)?.code == .invalidValue)
        #expect(error(#"<RequestMessage value="1"/>"#)?.code == .invalidStructure)
        #expect(error(#"<BatchCount type="Integer" value="1"><BatchCount type="Integer" value="1"/></BatchCount>"#)?.code == .invalidStructure)
    }

    @Test func errorsSayWhere() {
        let failure = error("<RequestMessage>\n<RequestHeader>\n<BatchCount type=\"Integer\" value=\"x\"/>\n</RequestHeader>\n</RequestMessage>")
        #expect(failure?.line == 3)
        #expect(failure?.path == ["RequestMessage", "RequestHeader", "BatchCount"])
    }

    @Test func placeholdersAreRejectedUnlessAsked() throws {
        let xml = #"<RequestMessage><TimeStamp type="DateTime" value="$NOW-60"/><UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_0"/><Data type="ByteString" value="$DATA"/></RequestMessage>"#
        #expect(error(xml)?.code == .placeholder)
        let item = try TTLVXML.decode(Array(xml.utf8), options: TTLVTextOptions(placeholders: .substitute(now: 1000)))
        #expect(item[.timeStamp]?.value == .dateTime(940))
        #expect(item[.uniqueIdentifier]?.value == .textString("$UNIQUE_IDENTIFIER_0"))
        #expect(item[.data]?.value == .byteString(Array("$DATA".utf8)))
    }

    @Test func entitiesAndDTDsAreRefused() {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <RequestMessage><AttributeName type="TextString" value="&x;"/></RequestMessage>
            """
        #expect(error(xxe) != nil)
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <RequestMessage><AttributeName type="TextString" value="&c;"/></RequestMessage>
            """
        #expect(error(laughs) != nil)
    }

    @Test func limits() {
        let deep = String(repeating: "<RequestMessage>", count: 10_000) + String(repeating: "</RequestMessage>", count: 10_000)
        #expect(error(deep)?.code != nil)
        #expect(error(String(repeating: "<RequestMessage>", count: 70) + String(repeating: "</RequestMessage>", count: 70))?.code == .limitExceeded)
        #expect(error("<RequestMessage/>", options: TTLVTextOptions(maxDocumentBytes: 10))?.code == .limitExceeded)
        let many = "<KMIP>" + String(repeating: "<RequestMessage/>", count: 11) + "</KMIP>"
        #expect(error(many, options: TTLVTextOptions(maxItems: 10))?.code == .limitExceeded)
    }
}

/// Random corruption of valid documents: each result reads or throws, never traps.
@Suite struct TextCorruptionTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let document = TTLVItem(tag: .requestMessage, .structure([
        TTLVItem(tag: .requestHeader, .structure([
            TTLVItem(tag: .protocolVersion, .structure([
                TTLVItem(tag: .protocolVersionMajor, .integer(1)), TTLVItem(tag: .protocolVersionMinor, .integer(4)),
            ])),
            TTLVItem(tag: .batchCount, .integer(1)),
        ])),
        TTLVItem(tag: .batchItem, .structure([
            TTLVItem(tag: .operation, .enumeration(Operation.create.rawValue)),
            TTLVItem(tag: .requestPayload, .structure([
                TTLVItem(tag: .objectType, .enumeration(ObjectType.symmetricKey.rawValue)),
                TTLVItem(tag: .cryptographicUsageMask, .integer(12)),
                TTLVItem(tag: .activationDate, .dateTime(1_000_000)),
                TTLVItem(tag: .ivCounterNonce, .byteString([1, 2, 3])),
                TTLVItem(tag: .modulus, .bigInteger(BigInteger(-7))),
            ])),
        ])),
    ]))

    func corrupt(_ text: String, _ generator: inout Generator, rounds: Int) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        let alphabet = Array("<>/=\"' x0Z{}[],:&;#\\\u{0}".utf8) + [0xC3, 0xFF]
        return (0..<rounds).map { _ in
            var copy = bytes
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<copy.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: copy[index] = alphabet.randomElement(using: &generator)!
                case 1: copy.remove(at: index)
                default: copy.insert(alphabet.randomElement(using: &generator)!, at: index)
                }
            }
            return copy
        }
    }

    @Test func corruptedXMLNeverTraps() {
        var generator = Generator(state: 7)
        var failures = 0
        for input in corrupt(TTLVXML.encode(Self.document), &generator, rounds: 3000) {
            do { _ = try TTLVXML.decodeDocument(input) } catch { failures += 1 }
        }
        #expect(failures > 1000)
    }

    @Test func corruptedJSONNeverTraps() {
        var generator = Generator(state: 11)
        var failures = 0
        for input in corrupt(TTLVJSON.encode(Self.document), &generator, rounds: 3000) {
            do { _ = try TTLVJSON.decodeDocument(input) } catch { failures += 1 }
        }
        #expect(failures > 1000)
    }
}
