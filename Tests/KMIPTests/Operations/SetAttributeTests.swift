import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct SetAttributeTests {
    @Test func requestRoundTripsIn2xShape() throws {
        let request = SetAttributeRequest(uniqueIdentifier: "key-1", attribute: try Attribute(.sensitive, true))
        let (decoded, item) = try T.roundTrip(request, .v2_0)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .newAttribute])
        #expect(item[.newAttribute]?.children == [TTLVItem(tag: .sensitive, .boolean(true))])
    }

    @Test func responseRoundTrips() throws {
        let (decoded, item) = try T.roundTrip(SetAttributeResponse(uniqueIdentifier: "key-1"), .v2_1, tag: .responsePayload)
        #expect(decoded == SetAttributeResponse(uniqueIdentifier: "key-1"))
        #expect(T.tags(item) == [.uniqueIdentifier])
    }

    @Test func isNotIn1x() throws {
        let request = SetAttributeRequest(attribute: try Attribute(.cryptographicLength, Int32(128)))
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v1_4) }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try SetAttributeResponse(uniqueIdentifier: "1").ttlv(.responsePayload, version: .v1_0)
        }
    }

    @Test func decodesAVectorRequest() throws {
        let request = try SetAttributeRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <NewAttribute>
                <Attribute>
                  <VendorIdentification type="TextString" value="tc"/>
                  <AttributeName type="TextString" value="Set"/>
                  <AttributeValue type="TextString" value="three"/>
                </Attribute>
              </NewAttribute>
            </RequestPayload>
            """), version: .v2_0)
        #expect(request == SetAttributeRequest(uniqueIdentifier: "1", attribute: Attribute(.vendor(identification: "tc", name: "Set"), value: .textString("three"))))
    }

    @Test func newAttributeHoldsExactlyOneAttribute() {
        #expect(throws: KMIPError(.invalidValue, reason: "")) {
            try SetAttributeRequest(ttlv: TTLVItem(tag: .requestPayload, .structure([
                TTLVItem(tag: .newAttribute, .structure([TTLVItem(tag: .sensitive, .boolean(true)), TTLVItem(tag: .extractable, .boolean(true))])),
            ])), version: .v2_1)
        }
    }
}
