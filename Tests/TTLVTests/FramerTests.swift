import KMIPSpec
import Testing
import TTLV

@Suite struct FramerTests {
    @Test func needsEightBytes() throws {
        for count in 0..<8 {
            #expect(try TTLVFramer.messageLength([UInt8](repeating: 0, count: count)) == nil)
        }
    }

    @Test func lengthComesFromTheHeader() throws {
        #expect(try TTLVFramer.messageLength(header(0x420078, 0x01, 0x90)) == 0x98)
    }

    @Test func rejectsBeforeWaitingForTheBody() {
        #expect(throws: TTLVError(.messageTooLarge, offset: 0, reason: "")) {
            try TTLVFramer.messageLength(header(0x420078, 0x01, 0x7FFF_FFF8))
        }
        #expect(throws: TTLVError(.notAStructure, offset: 0, reason: "")) {
            try TTLVFramer.messageLength(header(0x420078, 0x07, 8))
        }
        #expect(throws: TTLVError(.invalidLength, offset: 0, reason: "")) {
            try TTLVFramer.messageLength(header(0x420078, 0x01, 12))
        }
    }

    @Test func splitsBackToBackMessages() throws {
        let one = header(0x420078, 0x01, 16) + header(0x42000D, 0x02, 4) + [0, 0, 0, 1, 0, 0, 0, 0]
        let two = header(0x42007B, 0x01, 0)
        #expect(try TTLVFramer.split(one + two + one) == [0..<24, 24..<32, 32..<56])
        #expect(throws: TTLVError(.truncated, offset: 0, reason: "")) {
            try TTLVFramer.split(one + Array(two.prefix(5)))
        }
    }
}

@Suite struct BorrowedInputTests {
    @Test func decodesFromARawSpan() throws {
        let encoded = try TTLVEncoder.encode(TTLVItem(tag: exampleTag, .textString("span")))
        let item = try TTLVDecoder.decode(encoded.span.bytes)
        #expect(item == TTLVItem(tag: exampleTag, .textString("span")))
    }
}
