import KMIP
import KMIPSpec
import Testing
import TTLV

/// Poll payloads (KMIP 2.1 section 6.1.38; 1.x 4.28): the response carries the polled
/// operation's payload.
@Suite struct PollTests {
    @Test func requestRoundTrips() throws {
        for version in [KMIPVersion.v1_0, .v2_1] {
            let item = try LifecycleCheck.roundTrip(PollRequest(asynchronousCorrelationValue: [0x01, 0x02]), version)
            #expect(item.children.map(\.tag) == [.asynchronousCorrelationValue])
        }
    }

    @Test func responseWrapsThePolledPayload() throws {
        let archived = ArchiveResponse(uniqueIdentifier: "key-1")
        for version in [KMIPVersion.v1_4, .v2_1] {
            let response = try PollResponse(archived, version: version)
            let item = try LifecycleCheck.roundTrip(response, version, tag: .responsePayload)
            #expect(item == (try archived.ttlv(.responsePayload, version: version)))
            #expect(try response.decode(as: ArchiveResponse.self, version: version) == archived)
        }
    }

    @Test func decodesAsTheBatchItemsOperation() throws {
        let item = try LifecycleCheck.item(
            """
            <BatchItem>
              <Operation type="Enumeration" value="Poll"/>
              <ResultStatus type="Enumeration" value="Success"/>
              <ResponsePayload>
                <UniqueIdentifier type="TextString" value="key-1"/>
              </ResponsePayload>
            </BatchItem>
            """)
        let batchItem = try ResponseBatchItem(ttlv: item, version: .v2_0)
        let response = try #require(batchItem.payload as? PollResponse)
        #expect(try response.decode(as: RecoverResponse.self, version: .v2_0).uniqueIdentifier == "key-1")
        #expect(try batchItem.ttlv(version: .v2_0) == item)
    }

    @Test func responseMustBeAStructure() throws {
        #expect(throws: KMIPError(.wrongType, reason: "")) {
            try PollResponse(ttlv: TTLVItem(tag: .responsePayload, .integer(1)), version: .v2_1)
        }
    }
}
