internal import COpenSSL

/// Key material: bytes that are zeroed when the last copy is released and never printed.
///
/// The bytes live in one heap buffer shared by copies of the value (they are immutable), so
/// passing a `SecretBytes` around never leaves stray copies behind. `description`,
/// `debugDescription` and reflection show only the length. `bytes` copies them out into an
/// ordinary array, which the caller is then responsible for.
public struct SecretBytes: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let storage: Storage

    /// Copies `bytes` into a new secret buffer. (The array itself is not zeroed; prefer
    /// producing key material directly into `SecretBytes` where you can.)
    public init(_ bytes: [UInt8]) {
        storage = Storage(count: bytes.count)
        if !bytes.isEmpty { storage.buffer.copyBytes(from: bytes) }
    }

    /// A zero-filled buffer of `count` bytes that `initialize` fills in place; `initialize`
    /// returns how many bytes it wrote (at most `count`), and the rest are dropped.
    init<E: Error>(count: Int, initialize: (UnsafeMutableRawBufferPointer) throws(E) -> Int) throws(E) {
        let full = Storage(count: count)
        let written = try initialize(full.buffer)
        if written == count {
            storage = full
        } else {
            storage = Storage(count: written)
            if written > 0 { storage.buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: full.buffer[..<written])) }
        }
    }

    /// The number of bytes.
    public var count: Int { storage.buffer.count }

    /// Whether there are no bytes.
    public var isEmpty: Bool { storage.buffer.isEmpty }

    /// An explicit copy of the bytes. The returned array is not zeroed on release.
    public var bytes: [UInt8] { [UInt8](storage.buffer) }

    /// Calls `body` with the bytes; the pointer must not escape.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(storage.buffer))
    }

    /// Constant-time comparison of the contents (the lengths are not secret).
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.count == 0 { return true }
        return CRYPTO_memcmp(lhs.storage.buffer.baseAddress, rhs.storage.buffer.baseAddress, lhs.count) == 0
    }

    public var description: String { "<redacted \(count) bytes>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// The heap buffer; zeroed with `OPENSSL_cleanse` (which the optimizer cannot remove) on release.
    private final class Storage: @unchecked Sendable {
        // Never reassigned, and written only while the owning `SecretBytes` is being built,
        // hence safe to share.
        private let allocation: UnsafeMutableRawBufferPointer
        /// The first `count` bytes of the allocation (which is never empty, so there is always a base address).
        let buffer: UnsafeMutableRawBufferPointer

        init(count: Int) {
            allocation = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
            allocation.initializeMemory(as: UInt8.self, repeating: 0)
            buffer = UnsafeMutableRawBufferPointer(rebasing: allocation[..<count])
        }

        deinit {
            OPENSSL_cleanse(allocation.baseAddress, allocation.count)
            allocation.deallocate()
        }
    }
}
