import KMIPSpec
public import TTLV
import Synchronization
public import TTLVText

/// How placeholders survive reading a vector file: the XML reader asks for a value for each
/// placeholder in a Byte String or Date-Time, and gets a mark that no real value has (a
/// Date-Time near `Int64.min`, a Byte String with a fixed 8-byte prefix). The harness finds
/// the marks again when it binds responses and fills in requests. In Text Strings a
/// placeholder is ordinary text (`$UNIQUE_IDENTIFIER_0`) and needs no mark.
public final class PlaceholderMarks: Sendable {
    /// The prefix of a Byte String mark; the placeholder's text follows.
    static let bytePrefix: [UInt8] = [0x00, 0xFF, 0x4B, 0x4D, 0x49, 0x50, 0xFF, 0x00]
    /// Date-Time marks are `dateBase + index`.
    static let dateBase = Int64.min / 2

    private let table = LockedTable()

    public init() {}

    /// The reader policy that marks placeholders.
    public var policy: PlaceholderPolicy {
        .resolve { [table] placeholder throws(TTLVTextError) in
            switch placeholder.type {
            case .byteString:
                return .byteString(Self.bytePrefix + Array(placeholder.text.utf8))
            case .dateTime, .dateTimeExtended:
                guard placeholder.nowOffset != nil else {
                    throw TTLVTextError(.placeholder, reason: "\(placeholder.text) in a Date-Time is not $NOW or $NOW±n")
                }
                let index = table.index(of: placeholder.text)
                return placeholder.type == .dateTime ? .dateTime(Self.dateBase + index) : .dateTimeExtended(Self.dateBase + index)
            default:
                throw TTLVTextError(.placeholder, reason: "placeholder \(placeholder.text) in a \(placeholder.type) value")
            }
        }
    }

    /// The placeholder a value stands for, if it is a mark (or placeholder text).
    public func placeholder(in value: TTLVValue) -> String? {
        switch value {
        case .textString(let text):
            return Placeholder.isPlaceholder(text) ? text : nil
        case .byteString(let bytes):
            guard bytes.count > Self.bytePrefix.count, bytes.starts(with: Self.bytePrefix) else { return nil }
            return String(decoding: bytes.dropFirst(Self.bytePrefix.count), as: UTF8.self)
        case .dateTime(let seconds), .dateTimeExtended(let seconds):
            return table.text(at: seconds - Self.dateBase)
        default:
            return nil
        }
    }
}

/// The `$NOW±n` texts seen, by index; shared by the reader's policy closure.
private final class LockedTable: Sendable {
    private struct State {
        var texts: [String] = []
        var indexes: [String: Int64] = [:]
    }

    private let state = Mutex(State())

    func index(of text: String) -> Int64 {
        state.withLock { state in
            if let index = state.indexes[text] { return index }
            state.texts.append(text)
            let index = Int64(state.texts.count - 1)
            state.indexes[text] = index
            return index
        }
    }

    func text(at index: Int64) -> String? {
        state.withLock { $0.texts.indices.contains(Int(clamping: index)) ? $0.texts[Int(index)] : nil }
    }
}

extension PlaceholderMarks {
    /// `item` with each mark shown as its placeholder text (as a Text String), for reports.
    public func readable(_ item: TTLVItem) -> TTLVItem {
        if case .structure(let children) = item.value {
            return TTLVItem(tag: item.tag, .structure(children.map(readable)))
        }
        guard item.type != .textString, let text = placeholder(in: item.value) else { return item }
        return TTLVItem(tag: item.tag, .textString(text))
    }
}
