import KMIPSpec
import Testing

typealias Tag = KMIPSpec.Tag

/// The table holds what the specifications define, not a sample.
@Suite struct SpecTableTests {
    func tags(in version: KMIPVersion) -> Set<Tag> {
        Set(SpecTable.tags.filter { $0.versions.contains(version) }.map(\.tag))
    }

    @Test func tableIsComplete() {
        // The number of rows of each version's tag table (2.x: without the Reserved rows).
        let counts: [(KMIPVersion, Int)] = [(.v1_0, 161), (.v1_1, 183), (.v1_2, 211), (.v1_3, 247), (.v1_4, 292), (.v2_0, 337), (.v2_1, 354)]
        for (version, count) in counts {
            #expect(tags(in: version).count == count, "KMIP \(version)")
        }
        #expect(SpecTable.valueSets.filter { $0.kind == .enumeration }.count > 60)
        #expect(SpecTable.valueSets.reduce(0) { $0 + $1.values.count } > 1000)
        // Every Enumeration tag has its enumeration, except the generic attribute values
        // whose enumeration follows from the attribute's name.
        for tag in SpecTable.tags where tag.types.contains(.enumeration) && tag.tag != .attributeValue && tag.tag != .customAttribute {
            #expect(tag.valueSet != nil, "\(tag.name) names no enumeration")
        }
    }

    /// The indexes behind `defines` (asked for every item and enumeration written) agree with
    /// the rows, for every version of the table and for versions outside it.
    @Test func definesAgreesWithTheRows() {
        let versions = KMIPVersion.all + [KMIPVersion(1, 5), KMIPVersion(2, 2), KMIPVersion(3, 0)]
        for tag in Set(SpecTable.tags.map(\.tag)) {
            let rows = SpecTable.tags.filter { $0.tag == tag }
            for version in versions {
                #expect(SpecTable.defines(tag, in: version) == rows.contains { $0.versions.contains(version) }, "\(tag) in \(version)")
            }
        }
        #expect(SpecTable.defines(Tag(rawValue: 0x42FFFF), in: .v2_1) == nil)
        #expect(SpecTable.defines(Tag(rawValue: 0x540001), in: .v2_1) == nil)
        for set in SpecTable.valueSets {
            for value in Set(set.values.map(\.value)) {
                let rows = set.values.filter { $0.value == value }
                for version in versions {
                    #expect(set.defines(value, in: version) == rows.contains { $0.versions.contains(version) }, "\(set.name) \(value) in \(version)")
                }
            }
        }
    }

    @Test func spotChecks() {
        let activation = SpecTable.tag(.activationDate)
        #expect(activation?.tag.rawValue == 0x420001)
        #expect(activation?.types == [.dateTime])
        #expect(activation?.versions == VersionRange(since: .v1_0))
        #expect(SpecTable.tag(named: "Activation Date")?.tag == .activationDate)
        #expect(SpecTable.tag(named: "IVCounterNonce")?.tag == .ivCounterNonce)
        #expect(SpecTable.tag(.template)?.versions.until == .v2_0)
        #expect(SpecTable.tag(.attributes)?.versions.since == .v2_0)
        #expect(ObjectType.symmetricKey.rawValue == 2)
        #expect(ObjectType.symmetricKey.description == "SymmetricKey")
        #expect(ObjectType(rawValue: 0x8000_0001).description == "0x80000001")
        #expect(CryptographicUsageMask.encrypt.rawValue == 4)
        #expect(([.encrypt, .decrypt] as CryptographicUsageMask).description == "Encrypt Decrypt")
        #expect(ResultReason.itemNotFound.rawValue == 1)
        #expect(Operation.discoverVersions.rawValue == 0x1E)
        #expect(SpecTable.tag(.objectType)?.valueSet?.name == "ObjectType")
    }

    @Test func versionRanges() {
        let range = VersionRange(since: .v1_2, until: .v2_0)
        #expect(!range.contains(.v1_1))
        #expect(range.contains(.v1_2))
        #expect(range.contains(.v1_4))
        #expect(!range.contains(.v2_0))
        #expect(KMIPVersion("2.1") == .v2_1)
        #expect(KMIPVersion("2") == nil)
        #expect(KMIPVersion.v1_4 < .v2_0)
    }
}
