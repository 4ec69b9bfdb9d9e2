import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag

@Suite struct AttributeReferenceTests {
    @Test func fieldTagFollowsTheVersion() {
        #expect(AttributeReference.tag(in: .v1_4) == .attributeName)
        #expect(AttributeReference.tag(in: .v2_0) == .attributeReference)
    }

    @Test func standardAttributeWritesAsTextIn1xAndTagEnumerationIn2x() throws {
        let reference = AttributeReference(.cryptographicUsageMask)
        let v1 = try reference.ttlv(.attributeName, version: .v1_3)
        #expect(v1 == TTLVItem(tag: .attributeName, .textString("Cryptographic Usage Mask")))
        #expect(try AttributeReference(ttlv: v1, version: .v1_3) == reference)

        let v2 = try reference.ttlv(.attributeReference, version: .v2_1)
        #expect(v2 == TTLVItem(tag: .attributeReference, .enumeration(Tag.cryptographicUsageMask.rawValue)))
        #expect(try AttributeReference(ttlv: v2, version: .v2_1) == reference)
    }

    @Test func vendorAttributeWritesAsCustomNameIn1xAndStructureIn2x() throws {
        let reference = AttributeReference(.vendor(identification: "x", name: "Barcode"))
        let v1 = try reference.ttlv(.attributeName, version: .v1_4)
        #expect(v1 == TTLVItem(tag: .attributeName, .textString("x-Barcode")))
        #expect(try AttributeReference(ttlv: v1, version: .v1_4) == reference)

        let v2 = try reference.ttlv(.attributeReference, version: .v2_0)
        #expect(v2 == TTLVItem(tag: .attributeReference, .structure([
            TTLVItem(tag: .vendorIdentification, .textString("x")),
            TTLVItem(tag: .attributeName, .textString("Barcode")),
        ])))
        #expect(try AttributeReference(ttlv: v2, version: .v2_0) == reference)
        #expect(reference.description == "x-Barcode")
    }

    @Test func attributeNewerThanTheVersionIsNotInVersion() {
        // Rotate Offset arrived in KMIP 2.1; Short Unique Identifier in 2.0.
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try AttributeReference(.rotateOffset).ttlv(.attributeReference, version: .v2_0)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try AttributeReference(.shortUniqueIdentifier).ttlv(.attributeName, version: .v1_4)
        }
    }

    @Test func rejectsTextThatNamesNoAttribute() {
        #expect(throws: KMIPError(.invalidValue, reason: "")) {
            try AttributeReference(ttlv: TTLVItem(tag: .attributeName, .textString("Cryptographic   Usage Mask")), version: .v1_0)
        }
        #expect(throws: KMIPError(.wrongType, reason: "")) {
            try AttributeReference(ttlv: TTLVItem(tag: .attributeReference, .integer(1)), version: .v2_1)
        }
    }
}
