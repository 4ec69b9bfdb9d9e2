import KMIP
@testable import KMIPCommandLine
import KMIPSpec
import Testing

/// The load generator's in-place check of an answer: only exactly one successful batch item
/// passes; anything else goes to the full decode, which names the failure.
@Suite struct BenchLoadTests {
    static let header = ResponseHeader(protocolVersion: .v2_0, timeStamp: DateTime(secondsSince1970: 0), batchCount: 1)
    static let success = ResponseBatchItem(LocateResponse(uniqueIdentifiers: ["k1"]))
    static let failure = ResponseBatchItem(operation: .get, resultStatus: .operationFailed, resultReason: .itemNotFound, resultMessage: "no such object")

    func isOneSuccess(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes(LoadConnection.isOneSuccess)
    }

    @Test func oneSuccessfulItemPasses() throws {
        let bytes = try ResponseMessage(header: Self.header, batchItems: [Self.success]).encoded()
        #expect(isOneSuccess(bytes))
    }

    @Test func failuresSeveralItemsAndDamagedBytesDoNot() throws {
        #expect(!isOneSuccess(try ResponseMessage(header: Self.header, batchItems: [Self.failure]).encoded()))
        #expect(!isOneSuccess(try ResponseMessage(header: Self.header, batchItems: [Self.success, Self.success]).encoded()))
        let bytes = try ResponseMessage(header: Self.header, batchItems: [Self.success]).encoded()
        #expect(!isOneSuccess(Array(bytes.dropLast(8))))
        #expect(!isOneSuccess(bytes + [0, 0, 0, 0, 0, 0, 0, 0]))
        #expect(!isOneSuccess([]))
        // The message's length claiming more than there is.
        var long = bytes
        long[7] &+= 8
        #expect(!isOneSuccess(long))
    }
}
