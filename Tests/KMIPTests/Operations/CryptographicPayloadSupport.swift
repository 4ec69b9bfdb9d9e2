import KMIP
import KMIPSpec
import Testing
import TTLV
import TTLVText

/// Helpers for the tests of the cryptographic operation payloads.
enum CryptoPayloadTesting {
    /// A byte that prints recognisably (167, 0xa7), for checking that descriptions hide data.
    static let secretByte: UInt8 = 0xA7
    static let secret = [UInt8](repeating: secretByte, count: 16)

    /// Writes `payload` at `version` under `tag`, through binary TTLV, and reads it back.
    static func roundTrip<P: TTLVCodable & Equatable>(
        _ payload: P, _ version: KMIPVersion, tag: KMIPSpec.Tag = .requestPayload
    ) throws -> (decoded: P, item: TTLVItem) {
        let item = try payload.ttlv(tag, version: version)
        let bytes = try TTLVEncoder.encode(item)
        let decoded = try P(ttlv: try TTLVDecoder.decode(bytes), version: version)
        return (decoded, item)
    }

    /// The tags of a structure's children, in order.
    static func tags(_ item: TTLVItem) -> [KMIPSpec.Tag] { item.children.map(\.tag) }

    /// A payload item from OASIS-vector XML.
    static func item(_ xml: String) throws -> TTLVItem {
        try TTLVXML.decode(Array(xml.utf8))
    }

    /// Whether `description` shows nothing of `secret`.
    static func hidesSecret(_ description: String) -> Bool {
        !description.contains("167") && !description.lowercased().contains("a7")
    }
}
