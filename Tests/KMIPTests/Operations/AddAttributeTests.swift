import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct AddAttributeTests {
    static let custom = Attribute(.vendor(identification: "x", name: "attribute1"), value: .textString("value1"))

    @Test func requestRoundTripsIn1xShape() throws {
        let request = AddAttributeRequest(uniqueIdentifier: "key-1", attribute: Self.custom)
        let (decoded, item) = try T.roundTrip(request, .v1_3)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .attribute])
        #expect(item[.attribute]?[.attributeName]?.value == .textString("x-attribute1"))
    }

    @Test func requestRoundTripsIn2xShape() throws {
        let request = AddAttributeRequest(uniqueIdentifier: "key-1", attribute: try Attribute(.description, "a key"))
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .newAttribute])
        #expect(T.tags(item[.newAttribute]) == [.description])
    }

    @Test func attributeIsRequired() {
        #expect(throws: KMIPError(.missingField, reason: "")) {
            try AddAttributeRequest(ttlv: TTLVItem(tag: .requestPayload, .structure([TTLVItem(tag: .uniqueIdentifier, .textString("1"))])), version: .v1_4)
        }
        #expect(throws: KMIPError(.missingField, reason: "")) {
            try AddAttributeRequest(ttlv: TTLVItem(tag: .requestPayload, .structure([TTLVItem(tag: .uniqueIdentifier, .textString("1"))])), version: .v2_0)
        }
    }

    @Test func responseEchoesTheAttributeOnlyIn1x() throws {
        let v1 = AddAttributeResponse(uniqueIdentifier: "key-1", attribute: Self.custom)
        let (decoded, item) = try T.roundTrip(v1, .v1_2, tag: .responsePayload)
        #expect(decoded == v1)
        #expect(T.tags(item) == [.uniqueIdentifier, .attribute])
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try v1.ttlv(.responsePayload, version: .v2_0) }

        let v2 = AddAttributeResponse(uniqueIdentifier: "key-1")
        #expect(try T.roundTrip(v2, .v2_1, tag: .responsePayload).decoded == v2)
        #expect(throws: KMIPError(.missingField, reason: "")) { try v2.ttlv(.responsePayload, version: .v1_4) }
    }

    @Test func decodesAVectorRequest() throws {
        let request = try AddAttributeRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <NewAttribute>
                <Link>
                  <LinkType type="Enumeration" value="PublicKeyLink"/>
                  <LinkedObjectIdentifier type="TextString" value="2"/>
                </Link>
              </NewAttribute>
            </RequestPayload>
            """), version: .v2_0)
        #expect(request.attribute.name == .standard(.link))
        #expect(request.attribute.value == .structure([
            TTLVItem(tag: .linkType, .enumeration(LinkType.publicKeyLink.rawValue)),
            TTLVItem(tag: .linkedObjectIdentifier, .textString("2")),
        ]))
    }
}
