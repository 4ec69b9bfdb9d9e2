import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct ModifyAttributeTests {
    @Test func requestRoundTripsIn1xShape() throws {
        let request = ModifyAttributeRequest(
            uniqueIdentifier: "key-1", attribute: Attribute(.vendor(identification: "x", name: "attribute1"), index: 1, value: .textString("new"))
        )
        let (decoded, item) = try T.roundTrip(request, .v1_3)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .attribute])
        #expect(T.tags(item[.attribute]) == [.attributeName, .attributeIndex, .attributeValue])
    }

    @Test func requestRoundTripsIn2xShapeWithCurrentAttribute() throws {
        let request = ModifyAttributeRequest(
            uniqueIdentifier: "key-1", currentAttribute: try Attribute(.activationDate, DateTime(secondsSince1970: 1)),
            attribute: try Attribute(.activationDate, DateTime(secondsSince1970: 2))
        )
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .currentAttribute, .newAttribute])
        #expect(item[.currentAttribute]?.children == [TTLVItem(tag: .activationDate, .dateTime(1))])
    }

    @Test func currentAttributeAndIndicesFollowTheVersion() throws {
        let current = ModifyAttributeRequest(currentAttribute: try Attribute(.state, State.active), attribute: try Attribute(.state, State.deactivated))
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try current.ttlv(.requestPayload, version: .v1_4) }
        let indexed = ModifyAttributeRequest(attribute: Attribute(.vendor(identification: "x", name: "a"), index: 2, value: .textString("v")))
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try indexed.ttlv(.requestPayload, version: .v2_0) }
    }

    @Test func responseEchoesTheAttributeOnlyIn1x() throws {
        let v1 = ModifyAttributeResponse(uniqueIdentifier: "key-1", attribute: try Attribute(.state, State.active))
        #expect(try T.roundTrip(v1, .v1_1, tag: .responsePayload).decoded == v1)
        let v2 = ModifyAttributeResponse(uniqueIdentifier: "key-1")
        let (decoded, item) = try T.roundTrip(v2, .v2_1, tag: .responsePayload)
        #expect(decoded == v2)
        #expect(T.tags(item) == [.uniqueIdentifier])
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try v1.ttlv(.responsePayload, version: .v2_1) }
    }

    @Test func decodesVectorItems() throws {
        let request = try ModifyAttributeRequest(ttlv: T.item("""
            <RequestPayload>
              <NewAttribute>
                <Attribute>
                  <VendorIdentification type="TextString" value="x"/>
                  <AttributeName type="TextString" value="attribute1"/>
                  <AttributeValue type="TextString" value="ModifiedValue1"/>
                </Attribute>
              </NewAttribute>
            </RequestPayload>
            """), version: .v2_1)
        #expect(request.uniqueIdentifier == nil)
        #expect(request.currentAttribute == nil)
        #expect(request.attribute == Attribute(.vendor(identification: "x", name: "attribute1"), value: .textString("ModifiedValue1")))

        let response = try ModifyAttributeResponse(ttlv: T.item("""
            <ResponsePayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <Attribute>
                <AttributeName type="TextString" value="x-attribute1"/>
                <AttributeValue type="TextString" value="ModifiedValue1"/>
              </Attribute>
            </ResponsePayload>
            """), version: .v1_3)
        #expect(response.attribute == request.attribute)
    }
}
