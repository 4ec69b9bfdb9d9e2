import KMIP
import KMIPSpec
import Testing
import TTLV

/// Cancel payloads (KMIP 2.1 section 6.1.5; 1.x 4.27).
@Suite struct CancelTests {
    @Test func requestRoundTrips() throws {
        for version in [KMIPVersion.v1_0, .v2_1] {
            let item = try LifecycleCheck.roundTrip(CancelRequest(asynchronousCorrelationValue: [0xD4, 0x6A, 0x01]), version)
            #expect(item.children.map(\.tag) == [.asynchronousCorrelationValue])
        }
    }

    @Test func responseRoundTrips() throws {
        let response = CancelResponse(asynchronousCorrelationValue: [0xD4, 0x6A], cancellationResult: .canceled)
        for version in [KMIPVersion.v1_3, .v2_0] {
            let item = try LifecycleCheck.roundTrip(response, version, tag: .responsePayload)
            #expect(item.children.map(\.tag) == [.asynchronousCorrelationValue, .cancellationResult])
        }
    }

    @Test func decodesResponse() throws {
        let response = try LifecycleCheck.decode(
            """
            <ResponsePayload>
              <AsynchronousCorrelationValue type="ByteString" value="d46a01"/>
              <CancellationResult type="Enumeration" value="UnableToCancel"/>
            </ResponsePayload>
            """, as: CancelResponse.self, .v1_4)
        #expect(response.asynchronousCorrelationValue == [0xD4, 0x6A, 0x01])
        #expect(response.cancellationResult == .unableToCancel)
    }

    @Test func responseRequiresTheResult() throws {
        let item = try LifecycleCheck.item(
            #"<ResponsePayload><AsynchronousCorrelationValue type="ByteString" value="01"/></ResponsePayload>"#)
        #expect(throws: KMIPError(.missingField, reason: "")) { try CancelResponse(ttlv: item, version: .v2_1) }
    }
}
