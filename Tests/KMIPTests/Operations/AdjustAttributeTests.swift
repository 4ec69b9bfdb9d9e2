import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct AdjustAttributeTests {
    @Test func requestRoundTripsIn2xShape() throws {
        let request = AdjustAttributeRequest(
            uniqueIdentifier: "key-1", attributeReference: AttributeReference(.usageLimits), adjustmentType: .increment,
            adjustmentValue: .longInteger(10)
        )
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .attributeReference, .adjustmentType, .adjustmentValue])
        #expect(item[.adjustmentValue]?.value == .longInteger(10))
    }

    @Test func negateNeedsNoValue() throws {
        let request = AdjustAttributeRequest(attributeReference: AttributeReference(.sensitive), adjustmentType: .negate)
        let (decoded, item) = try T.roundTrip(request, .v2_0)
        #expect(decoded == request)
        #expect(T.tags(item) == [.attributeReference, .adjustmentType])
    }

    @Test func responseRoundTrips() throws {
        let (decoded, item) = try T.roundTrip(AdjustAttributeResponse(uniqueIdentifier: "key-1"), .v2_1, tag: .responsePayload)
        #expect(decoded == AdjustAttributeResponse(uniqueIdentifier: "key-1"))
        #expect(T.tags(item) == [.uniqueIdentifier])
    }

    @Test func isNotIn1x() {
        let request = AdjustAttributeRequest(attributeReference: AttributeReference(.activationDate), adjustmentType: .increment, adjustmentValue: .interval(60))
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v1_4) }
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try AdjustAttributeResponse(uniqueIdentifier: "1").ttlv(.responsePayload, version: .v1_3) }
    }

    @Test func decodesARealisticRequest() throws {
        let request = try AdjustAttributeRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <AttributeReference type="Enumeration" value="DeactivationDate"/>
              <AdjustmentType type="Enumeration" value="Increment"/>
              <AdjustmentValue type="Interval" value="86400"/>
            </RequestPayload>
            """), version: .v2_1)
        #expect(request == AdjustAttributeRequest(
            uniqueIdentifier: "1", attributeReference: AttributeReference(.deactivationDate), adjustmentType: .increment,
            adjustmentValue: .interval(86400)
        ))
        #expect(throws: KMIPError(.missingField, reason: "")) {
            try AdjustAttributeRequest(ttlv: TTLVItem(tag: .requestPayload, .structure([
                TTLVItem(tag: .adjustmentType, .enumeration(AdjustmentType.negate.rawValue)),
            ])), version: .v2_1)
        }
    }
}
