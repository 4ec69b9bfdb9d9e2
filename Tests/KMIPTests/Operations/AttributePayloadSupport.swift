import KMIP
import KMIPSpec
import TTLV
import TTLVText

/// Helpers for the tests of the attribute and key-generation operation payloads.
enum AttributePayloadTesting {
    /// Writes `payload` at `version` under `tag`, through binary TTLV, and reads it back.
    static func roundTrip<P: TTLVCodable & Equatable>(
        _ payload: P, _ version: KMIPVersion, tag: KMIPSpec.Tag = .requestPayload
    ) throws -> (decoded: P, item: TTLVItem) {
        let item = try payload.ttlv(tag, version: version)
        let decoded = try P(ttlv: try TTLVDecoder.decode(try TTLVEncoder.encode(item)), version: version)
        return (decoded, item)
    }

    /// The tags of a structure's children, in order.
    static func tags(_ item: TTLVItem?) -> [KMIPSpec.Tag] { item?.children.map(\.tag) ?? [] }

    /// A payload item from OASIS-vector XML.
    static func item(_ xml: String) throws -> TTLVItem {
        try TTLVXML.decode(Array(xml.utf8))
    }

    /// Name, Cryptographic Algorithm and Cryptographic Usage Mask, for attribute lists.
    static func keyAttributes(_ name: String, usage: CryptographicUsageMask) throws -> Attributes {
        [
            Attribute(.standard(.name), value: .structure([
                TTLVItem(tag: .nameValue, .textString(name)),
                TTLVItem(tag: .nameType, .enumeration(NameType.uninterpretedTextString.rawValue)),
            ])),
            try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.rsa),
            try Attribute(.cryptographicUsageMask, usage),
        ]
    }
}
