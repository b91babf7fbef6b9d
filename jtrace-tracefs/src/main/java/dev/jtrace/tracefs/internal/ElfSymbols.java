package dev.jtrace.tracefs.internal;

import dev.jtrace.core.JtraceException;
import dev.jtrace.core.MalformedDataException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The symbols of an ELF file ({@code .symtab} and {@code .dynsym}) and its loadable segments, read
 * to turn a symbol into the file offset a uprobe needs: {@code st_value - p_vaddr + p_offset} of
 * the {@code PT_LOAD} segment holding the symbol's address.
 *
 * <p>Every offset and count read from the file is checked against the file's size before use, so
 * a truncated or hostile file gives {@link MalformedDataException} with the file and byte offset,
 * never an out-of-bounds access or a long loop. Layout: {@link ElfLayout}.
 */
public final class ElfSymbols {
    /**
     * One symbol.
     *
     * @param name the name
     * @param value {@code st_value}: the virtual address for executables and shared objects
     * @param size {@code st_size}
     * @param type the {@code STT_*} type
     * @param binding the {@code STB_*} binding
     * @param defined whether it is defined in this file (section index not {@code SHN_UNDEF})
     * @param defaultVersion {@code false} for a {@code .dynsym} entry of a non-default version
     *     ({@code name@VERSION} rather than {@code name@@VERSION})
     * @param table {@code ".symtab"} or {@code ".dynsym"}
     */
    public record Symbol(String name, long value, long size, int type, int binding, boolean defined,
            boolean defaultVersion, String table) {
        /**
         * Tells whether the symbol is a function.
         *
         * @return {@code true} for {@code STT_FUNC}
         */
        public boolean isFunction() {
            return type == ElfLayout.STT_FUNC;
        }

        /**
         * Tells whether the symbol is an indirect function, whose address is that of a resolver
         * run by the dynamic linker rather than of the implementation.
         *
         * @return {@code true} for {@code STT_GNU_IFUNC}
         */
        public boolean isIndirectFunction() {
            return type == ElfLayout.STT_GNU_IFUNC;
        }
    }

    /**
     * A loadable segment.
     *
     * @param offset {@code p_offset}
     * @param vaddr {@code p_vaddr}
     * @param filesz {@code p_filesz}
     */
    public record Segment(long offset, long vaddr, long filesz) {
    }

    private final String source;
    private final List<Symbol> symbols;
    private final List<Segment> segments;

    private ElfSymbols(String source, List<Symbol> symbols, List<Segment> segments) {
        this.source = source;
        this.symbols = symbols;
        this.segments = segments;
    }

    /**
     * Reads an ELF file.
     *
     * @param file the file
     * @return its symbols and segments
     * @throws JtraceException if the file cannot be read
     * @throws MalformedDataException if it is not a well-formed ELF file
     */
    public static ElfSymbols read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = channel.size();
            if (size == 0) {
                throw new MalformedDataException(file.toString(), 0, "empty file, not ELF");
            }
            MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return parse(data, file.toString());
        } catch (IOException e) {
            throw new JtraceException("cannot read ELF file " + file + ": " + e, e);
        }
    }

    /**
     * Parses ELF bytes.
     *
     * @param data the whole file
     * @param source its name, for messages
     * @return the symbols and segments (copied out; {@code data} may be released afterwards)
     * @throws MalformedDataException if the bytes are not a well-formed ELF file
     */
    public static ElfSymbols parse(MemorySegment data, String source) {
        return new Parser(data, source).parse();
    }

    /**
     * Returns every symbol, {@code .symtab} first.
     *
     * @return the symbols
     */
    public List<Symbol> symbols() {
        return symbols;
    }

    /**
     * Returns the loadable segments.
     *
     * @return the segments
     */
    public List<Segment> segments() {
        return segments;
    }

    /**
     * Finds a defined symbol by name: a function if there is one, the default version of a
     * versioned dynamic symbol, {@code .symtab} before {@code .dynsym}.
     *
     * @param name the symbol name (without a version suffix)
     * @return the symbol, or empty
     */
    public Optional<Symbol> find(String name) {
        Symbol best = null;
        int bestScore = -1;
        for (Symbol s : symbols) {
            if (!s.defined() || !s.name().equals(name)) {
                continue;
            }
            int score = (s.isFunction() || s.isIndirectFunction() ? 4 : 0) + (s.defaultVersion() ? 2 : 0)
                    + (s.table().equals(".symtab") ? 1 : 0);
            if (score > bestScore) {
                best = s;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Converts a virtual address of the file to its file offset.
     *
     * @param vaddr the address, such as a symbol's value
     * @return the file offset
     * @throws MalformedDataException if no loadable segment holds the address in its file part
     */
    public long fileOffset(long vaddr) {
        for (Segment s : segments) {
            if (Long.compareUnsigned(vaddr, s.vaddr()) >= 0 && Long.compareUnsigned(vaddr - s.vaddr(), s.filesz()) < 0) {
                return vaddr - s.vaddr() + s.offset();
            }
        }
        throw new MalformedDataException(source, MalformedDataException.UNKNOWN_OFFSET, "address 0x"
                + Long.toHexString(vaddr) + " lies in no PT_LOAD segment's file contents");
    }

    /** One parse; checks every read against the file size. */
    private static final class Parser {
        private final MemorySegment data;
        private final String source;
        private final long size;
        private ValueLayout.OfShort u16;
        private ValueLayout.OfInt u32;
        private ValueLayout.OfLong u64;
        private ElfLayout.Offsets o;

        Parser(MemorySegment data, String source) {
            this.data = data;
            this.source = source;
            this.size = data.byteSize();
        }

        ElfSymbols parse() {
            need(0, ElfLayout.EI_NIDENT, "e_ident");
            if (data.get(ValueLayout.JAVA_BYTE, 0) != 0x7f || data.get(ValueLayout.JAVA_BYTE, 1) != 'E'
                    || data.get(ValueLayout.JAVA_BYTE, 2) != 'L' || data.get(ValueLayout.JAVA_BYTE, 3) != 'F') {
                throw error(0, "no ELF magic (\\x7fELF)");
            }
            int elfClass = data.get(ValueLayout.JAVA_BYTE, ElfLayout.EI_CLASS);
            int encoding = data.get(ValueLayout.JAVA_BYTE, ElfLayout.EI_DATA);
            o = switch (elfClass) {
                case ElfLayout.ELFCLASS64 -> ElfLayout.ELF64;
                case ElfLayout.ELFCLASS32 -> ElfLayout.ELF32;
                default -> throw error(ElfLayout.EI_CLASS, "unknown ELF class " + elfClass);
            };
            if (encoding == ElfLayout.ELFDATA2MSB) {
                // The architectures jtrace runs on (x86-64, arm64, riscv64) are little-endian, and a
                // uprobe can only go on code this machine runs.
                throw error(ElfLayout.EI_DATA, "big-endian ELF file: this machine cannot run its code");
            }
            if (encoding != ElfLayout.ELFDATA2LSB) {
                throw error(ElfLayout.EI_DATA, "unknown ELF data encoding " + encoding);
            }
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
            u32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
            u64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
            need(0, o.ehdrSize(), "ELF header");

            List<Segment> segments = programHeaders();
            List<Symbol> symbols = new ArrayList<>();
            long shoff = word(o.shoff());
            if (shoff != 0) {
                sections(shoff, symbols);
            }
            return new ElfSymbols(source, List.copyOf(symbols), List.copyOf(segments));
        }

        private List<Segment> programHeaders() {
            long phoff = word(o.phoff());
            int phnum = u16(o.phnum());
            int phentsize = u16(o.phentsize());
            List<Segment> segments = new ArrayList<>();
            if (phoff == 0 || phnum == 0) {
                return segments;
            }
            if (phentsize < o.phdrSize()) {
                throw error(o.phentsize(), "e_phentsize " + phentsize + " is smaller than a program header ("
                        + o.phdrSize() + ")");
            }
            need(phoff, (long) phnum * phentsize, phnum + " program headers");
            for (int i = 0; i < phnum; i++) {
                long at = phoff + (long) i * phentsize;
                if (u32(at + o.pType()) == ElfLayout.PT_LOAD) {
                    segments.add(new Segment(word(at + o.pOffset()), word(at + o.pVaddr()), word(at + o.pFilesz())));
                }
            }
            return segments;
        }

        private void sections(long shoff, List<Symbol> out) {
            int shentsize = u16(o.shentsize());
            if (shentsize < o.shdrSize()) {
                throw error(o.shentsize(), "e_shentsize " + shentsize + " is smaller than a section header ("
                        + o.shdrSize() + ")");
            }
            need(shoff, o.shdrSize(), "section header 0");
            long shnum = u16(o.shnum());
            if (shnum == 0) { // extended numbering: the count is in section 0's sh_size
                shnum = word(shoff + o.shSize());
            }
            if (shnum > (size - shoff) / shentsize) {
                throw error(o.shnum(), shnum + " section headers of " + shentsize + " bytes do not fit after offset "
                        + shoff);
            }
            int count = (int) shnum;
            List<long[]> versyms = new ArrayList<>();
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < count; i++) {
                    long sh = shoff + (long) i * shentsize;
                    int type = u32(sh + o.shType());
                    if (pass == 0 && type == ElfLayout.SHT_GNU_VERSYM) {
                        versyms.add(new long[] {word(sh + o.shOffset()), word(sh + o.shSize())});
                    } else if (pass == 1 && (type == ElfLayout.SHT_SYMTAB || type == ElfLayout.SHT_DYNSYM)) {
                        long[] versym = type == ElfLayout.SHT_DYNSYM && !versyms.isEmpty() ? versyms.get(0) : null;
                        symbolTable(shoff, shentsize, count, sh, type == ElfLayout.SHT_SYMTAB ? ".symtab" : ".dynsym",
                                versym, out);
                    }
                }
            }
            out.sort((a, b) -> a.table().equals(b.table()) ? 0 : a.table().equals(".symtab") ? -1 : 1);
        }

        private void symbolTable(long shoff, int shentsize, int count, long sh, String table, long[] versym,
                List<Symbol> out) {
            long offset = word(sh + o.shOffset());
            long length = word(sh + o.shSize());
            long entsize = word(sh + o.shEntsize());
            long link = Integer.toUnsignedLong(u32(sh + o.shLink()));
            if (entsize < o.symSize()) {
                throw error(sh + o.shEntsize(), table + " sh_entsize " + entsize + " is smaller than a symbol ("
                        + o.symSize() + ")");
            }
            need(offset, length, table);
            if (link >= count) {
                throw error(sh + o.shLink(), table + " sh_link " + link + " names no section (there are " + count + ")");
            }
            long strSh = shoff + link * shentsize;
            if (u32(strSh + o.shType()) != ElfLayout.SHT_STRTAB) {
                throw error(sh + o.shLink(), table + " sh_link " + link + " is not a string table");
            }
            long strOff = word(strSh + o.shOffset());
            long strLen = word(strSh + o.shSize());
            need(strOff, strLen, table + " string table");
            long entries = length / entsize;
            boolean hasVersions = versym != null && versym[1] / 2 >= entries && fits(versym[0], entries * 2);
            for (long i = 0; i < entries; i++) {
                long at = offset + i * entsize;
                long nameOff = Integer.toUnsignedLong(u32(at + o.stName()));
                int info = data.get(ValueLayout.JAVA_BYTE, at + o.stInfo()) & 0xff;
                int shndx = u16(at + o.stShndx());
                long value = word(at + o.stValue());
                long symSize = word(at + o.stSize());
                if (nameOff == 0) {
                    continue;
                }
                String name = string(strOff, strLen, nameOff, table);
                boolean defaultVersion = !hasVersions || (u16(versym[0] + i * 2) & ElfLayout.VERSYM_HIDDEN) == 0;
                out.add(new Symbol(name, value, symSize, info & 0xf, info >>> 4, shndx != ElfLayout.SHN_UNDEF,
                        defaultVersion, table));
            }
        }

        private String string(long tableOff, long tableLen, long index, String table) {
            if (index >= tableLen) {
                throw error(tableOff, table + " name index " + index + " is outside its string table of " + tableLen
                        + " bytes");
            }
            long start = tableOff + index;
            long end = start;
            long limit = tableOff + tableLen;
            while (end < limit && data.get(ValueLayout.JAVA_BYTE, end) != 0) {
                end++;
            }
            if (end == limit) {
                throw error(start, table + " name at string table index " + index + " is not NUL-terminated");
            }
            byte[] bytes = data.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private boolean fits(long offset, long length) {
            return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
        }

        private void need(long offset, long length, String what) {
            if (!fits(offset, length)) {
                throw error(offset, what + " (" + length + " bytes at offset " + offset + ") runs past the end of the "
                        + size + "-byte file");
            }
        }

        private int u16(long at) {
            need(at, 2, "u16");
            return data.get(u16, at) & 0xffff;
        }

        private int u32(long at) {
            need(at, 4, "u32");
            return data.get(u32, at);
        }

        /** An address or offset word: u32 in ELF32, u64 in ELF64. */
        private long word(long at) {
            if (o.word() == 4) {
                return Integer.toUnsignedLong(u32(at));
            }
            need(at, 8, "u64");
            return data.get(u64, at);
        }

        private MalformedDataException error(long offset, String detail) {
            return new MalformedDataException(source, offset, detail);
        }
    }
}
