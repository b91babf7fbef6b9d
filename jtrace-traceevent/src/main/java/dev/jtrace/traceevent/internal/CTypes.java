package dev.jtrace.traceevent.internal;

/**
 * Sizes and signedness of the C type names that appear in print-fmt casts and {@code sizeof}, for
 * the LP64 ABI of 64-bit Linux.
 */
final class CTypes {
    /** Size and signedness of a type; size 0 means unknown. */
    record Info(int size, boolean signed, boolean pointer, boolean bool) {
    }

    private CTypes() {
    }

    static Info of(String type) {
        String t = normalize(type);
        if (t.endsWith("*")) {
            return new Info(8, false, true, false);
        }
        return switch (t) {
            case "bool", "_Bool" -> new Info(1, false, false, true);
            case "char", "signed char", "s8", "__s8", "int8_t" -> new Info(1, true, false, false);
            case "unsigned char", "u8", "__u8", "uint8_t" -> new Info(1, false, false, false);
            case "short", "short int", "signed short", "s16", "__s16", "int16_t" -> new Info(2, true, false, false);
            case "unsigned short", "unsigned short int", "u16", "__u16", "uint16_t", "__be16", "__le16", "umode_t" ->
                    new Info(2, false, false, false);
            case "int", "signed int", "signed", "s32", "__s32", "int32_t", "pid_t", "clockid_t" ->
                    new Info(4, true, false, false);
            case "unsigned int", "unsigned", "u32", "__u32", "uint32_t", "__be32", "__le32", "gfp_t", "fmode_t",
                    "dev_t", "uid_t", "gid_t", "blk_opf_t", "xfs_agnumber_t", "xfs_agblock_t" ->
                    new Info(4, false, false, false);
            case "long", "long int", "signed long", "long long", "long long int", "signed long long", "s64",
                    "__s64", "int64_t", "ssize_t", "loff_t", "ktime_t", "time64_t", "off_t", "ptrdiff_t" ->
                    new Info(8, true, false, false);
            case "unsigned long", "unsigned long int", "unsigned long long", "unsigned long long int", "u64",
                    "__u64", "uint64_t", "size_t", "sector_t", "phys_addr_t", "dma_addr_t", "resource_size_t",
                    "pgoff_t", "__be64", "__le64", "uintptr_t" -> new Info(8, false, false, false);
            default -> new Info(0, true, false, false);
        };
    }

    /** Drops qualifiers and extra white space: {@code " const unsigned  long "} → {@code "unsigned long"}. */
    static String normalize(String type) {
        StringBuilder sb = new StringBuilder();
        for (String word : type.replace("*", " * ").trim().split("\\s+")) {
            if (word.isEmpty() || word.equals("const") || word.equals("volatile") || word.equals("__attribute__")) {
                continue;
            }
            if (word.equals("*")) {
                sb.append('*');
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '*') {
                sb.append(' ');
            }
            sb.append(word);
        }
        return sb.toString().replace(" *", "*").trim();
    }
}
