import KMIP
import KMIPSpec
import Testing
import TTLV
import TTLVText

/// Checks shared by the payload tests of the lifecycle, Query and RNG operations.
enum LifecycleCheck {
    /// Encodes `value` under `tag` for `version`, expects decoding (from the item and from its
    /// binary encoding) to give `value` back, and returns the item.
    @discardableResult
    static func roundTrip<T: TTLVCodable & Equatable>(
        _ value: T, _ version: KMIPVersion, tag: KMIPSpec.Tag = .requestPayload,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> TTLVItem {
        let item = try value.ttlv(tag, version: version)
        #expect(try T(ttlv: item, version: version) == value, sourceLocation: sourceLocation)
        let decoded = try TTLVDecoder.decode(try TTLVEncoder.encode(item))
        #expect(try T(ttlv: decoded, version: version) == value, sourceLocation: sourceLocation)
        return item
    }

    /// The item an XML fragment in the OASIS test-case notation describes.
    static func item(_ xml: String) throws -> TTLVItem {
        try TTLVXML.decode(Array(xml.utf8))
    }

    /// Decodes `xml` as `T`, expects the value to re-encode to the same item, and returns it.
    static func decode<T: TTLVCodable>(
        _ xml: String, as type: T.Type, _ version: KMIPVersion, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> T {
        let item = try item(xml)
        let value = try T(ttlv: item, version: version)
        #expect(try value.ttlv(item.tag, version: version) == item, sourceLocation: sourceLocation)
        return value
    }
}
