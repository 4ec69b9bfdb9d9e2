import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct DeleteAttributeTests {
    static let reference = AttributeReference(.vendor(identification: "x", name: "attribute1"))

    @Test func requestRoundTripsIn1xShape() throws {
        let request = DeleteAttributeRequest(uniqueIdentifier: "key-1", attributeReference: Self.reference, attributeIndex: 1)
        let (decoded, item) = try T.roundTrip(request, .v1_3)
        #expect(decoded == request)
        #expect(item.children == [
            TTLVItem(tag: .uniqueIdentifier, .textString("key-1")),
            TTLVItem(tag: .attributeName, .textString("x-attribute1")),
            TTLVItem(tag: .attributeIndex, .integer(1)),
        ])
    }

    @Test func requestRoundTripsIn2xShape() throws {
        let byReference = DeleteAttributeRequest(uniqueIdentifier: "key-1", attributeReference: Self.reference)
        let (decoded, item) = try T.roundTrip(byReference, .v2_1)
        #expect(decoded == byReference)
        #expect(T.tags(item) == [.uniqueIdentifier, .attributeReference])
        #expect(T.tags(item[.attributeReference]) == [.vendorIdentification, .attributeName])

        let byValue = DeleteAttributeRequest(currentAttribute: try Attribute(.description, "old"))
        let (decodedValue, valueItem) = try T.roundTrip(byValue, .v2_0)
        #expect(decodedValue == byValue)
        #expect(T.tags(valueItem) == [.currentAttribute])
    }

    @Test func fieldsFollowTheVersion() throws {
        #expect(throws: KMIPError(.missingField, reason: "")) { try DeleteAttributeRequest(uniqueIdentifier: "1").ttlv(.requestPayload, version: .v1_4) }
        #expect(throws: KMIPError(.missingField, reason: "")) {
            try DeleteAttributeRequest(ttlv: TTLVItem(tag: .requestPayload, .structure([])), version: .v1_2)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try DeleteAttributeRequest(attributeReference: Self.reference, attributeIndex: 1).ttlv(.requestPayload, version: .v2_0)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try DeleteAttributeRequest(currentAttribute: try Attribute(.description, "old"), attributeReference: AttributeReference(.description))
                .ttlv(.requestPayload, version: .v1_4)
        }
    }

    @Test func responseEchoesTheAttributeOnlyIn1x() throws {
        let v1 = DeleteAttributeResponse(uniqueIdentifier: "key-1", attribute: Attribute(.vendor(identification: "x", name: "attribute1"), value: .textString("v")))
        let (decoded, item) = try T.roundTrip(v1, .v1_0, tag: .responsePayload)
        #expect(decoded == v1)
        #expect(T.tags(item) == [.uniqueIdentifier, .attribute])
        let v2 = DeleteAttributeResponse(uniqueIdentifier: "key-1")
        #expect(try T.roundTrip(v2, .v2_1, tag: .responsePayload).decoded == v2)
    }

    @Test func decodesVectorItems() throws {
        let v13 = try DeleteAttributeRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <AttributeName type="TextString" value="x-attribute1"/>
            </RequestPayload>
            """), version: .v1_3)
        let v21 = try DeleteAttributeRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <AttributeReference>
                <VendorIdentification type="TextString" value="x"/>
                <AttributeName type="TextString" value="attribute1"/>
              </AttributeReference>
            </RequestPayload>
            """), version: .v2_1)
        #expect(v13 == DeleteAttributeRequest(uniqueIdentifier: "1", attributeReference: Self.reference))
        #expect(v21 == v13)
    }
}
