import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct GetAttributesTests {
    static let references = [AttributeReference(.state), AttributeReference(.vendor(identification: "x", name: "ID"))]

    @Test func requestRoundTripsIn1xShape() throws {
        let request = GetAttributesRequest(uniqueIdentifier: "key-1", attributeReferences: Self.references)
        let (decoded, item) = try T.roundTrip(request, .v1_3)
        #expect(decoded == request)
        #expect(item.children == [
            TTLVItem(tag: .uniqueIdentifier, .textString("key-1")),
            TTLVItem(tag: .attributeName, .textString("State")),
            TTLVItem(tag: .attributeName, .textString("x-ID")),
        ])
    }

    @Test func requestRoundTripsIn2xShape() throws {
        let request = GetAttributesRequest(uniqueIdentifier: "key-1", attributeReferences: Self.references)
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .attributeReference, .attributeReference])
        #expect(item.children[1].value == .enumeration(Tag.state.rawValue))
        #expect(T.tags(item.children[2]) == [.vendorIdentification, .attributeName])
        #expect(try T.roundTrip(GetAttributesRequest(), .v2_0).item.children.isEmpty)
    }

    @Test func responseRoundTripsInBothShapes() throws {
        let response = GetAttributesResponse(uniqueIdentifier: "key-1", attributes: [
            try Attribute(.state, State.active), try Attribute(.cryptographicLength, Int32(256)),
        ])
        let (v1, v1Item) = try T.roundTrip(response, .v1_4, tag: .responsePayload)
        #expect(v1 == response)
        #expect(T.tags(v1Item) == [.uniqueIdentifier, .attribute, .attribute])
        let (v2, v2Item) = try T.roundTrip(response, .v2_1, tag: .responsePayload)
        #expect(v2 == response)
        #expect(T.tags(v2Item) == [.uniqueIdentifier, .attributes])
        #expect(T.tags(v2Item[.attributes]) == [.state, .cryptographicLength])
    }

    @Test func responseWithNoneOfTheAttributes() throws {
        let response = GetAttributesResponse(uniqueIdentifier: "key-1")
        #expect(try T.roundTrip(response, .v1_2, tag: .responsePayload).item.children.count == 1)
        #expect(try T.roundTrip(response, .v2_0, tag: .responsePayload).item.children.count == 2)
    }

    @Test func decodesVectorItems() throws {
        let request = try GetAttributesRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <AttributeReference type="Enumeration" value="State"/>
              <AttributeReference type="Enumeration" value="Link"/>
            </RequestPayload>
            """), version: .v2_1)
        #expect(request.attributeReferences == [AttributeReference(.state), AttributeReference(.link)])

        let response = try GetAttributesResponse(ttlv: T.item("""
            <ResponsePayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <Attribute>
                <AttributeName type="TextString" value="State"/>
                <AttributeValue type="Enumeration" value="PreActive"/>
              </Attribute>
              <Attribute>
                <AttributeName type="TextString" value="Cryptographic Usage Mask"/>
                <AttributeValue type="Integer" value="Sign"/>
              </Attribute>
            </ResponsePayload>
            """), version: .v1_3)
        #expect(try response.attributes.state == .preActive)
        #expect(try response.attributes.cryptographicUsageMask == .sign)
        #expect(response.unknown.isEmpty)
    }
}
