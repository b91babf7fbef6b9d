package dev.jtrace.tracefs.internal;

/**
 * The parts of the ELF file format jtrace reads to place uprobes: the file header, program
 * headers, section headers and symbol table entries, for both classes (mirrors
 * {@code include/uapi/linux/elf.h} and the System V gABI). Offsets are in bytes from the start of
 * each structure; the class byte ({@code e_ident[EI_CLASS]}) selects the 32- or 64-bit column.
 *
 * <pre>
 * Elf64_Ehdr (64 bytes)                      Elf32_Ehdr (52 bytes)
 *   0 e_ident[16]                              0 e_ident[16]
 *  16 e_type u16   18 e_machine u16           16 e_type u16   18 e_machine u16
 *  20 e_version u32                           20 e_version u32
 *  24 e_entry u64                             24 e_entry u32
 *  32 e_phoff u64                             28 e_phoff u32
 *  40 e_shoff u64                             32 e_shoff u32
 *  48 e_flags u32  52 e_ehsize u16            36 e_flags u32  40 e_ehsize u16
 *  54 e_phentsize  56 e_phnum                 42 e_phentsize  44 e_phnum
 *  58 e_shentsize  60 e_shnum  62 e_shstrndx  46 e_shentsize  48 e_shnum  50 e_shstrndx
 *
 * Elf64_Phdr (56)                Elf32_Phdr (32)
 *   0 p_type u32  4 p_flags u32    0 p_type     4 p_offset   8 p_vaddr
 *   8 p_offset   16 p_vaddr       12 p_paddr   16 p_filesz  20 p_memsz
 *  24 p_paddr    32 p_filesz      24 p_flags   28 p_align
 *  40 p_memsz    48 p_align
 *
 * Elf64_Shdr (64)                           Elf32_Shdr (40)
 *   0 sh_name u32  4 sh_type u32              0 sh_name  4 sh_type  8 sh_flags
 *   8 sh_flags u64 16 sh_addr u64            12 sh_addr 16 sh_offset 20 sh_size
 *  24 sh_offset    32 sh_size                24 sh_link 28 sh_info  32 sh_addralign
 *  40 sh_link u32  44 sh_info u32            36 sh_entsize
 *  48 sh_addralign 56 sh_entsize
 *
 * Elf64_Sym (24)                            Elf32_Sym (16)
 *   0 st_name u32  4 st_info u8               0 st_name u32  4 st_value u32
 *   5 st_other u8  6 st_shndx u16             8 st_size u32  12 st_info u8
 *   8 st_value u64 16 st_size u64            13 st_other u8  14 st_shndx u16
 * </pre>
 */
final class ElfLayout {
    static final int EI_NIDENT = 16;
    static final int EI_CLASS = 4;
    static final int EI_DATA = 5;
    static final int ELFCLASS32 = 1;
    static final int ELFCLASS64 = 2;
    static final int ELFDATA2LSB = 1;
    static final int ELFDATA2MSB = 2;

    static final int PT_LOAD = 1;
    static final int SHT_SYMTAB = 2;
    static final int SHT_STRTAB = 3;
    static final int SHT_DYNSYM = 11;
    static final int SHT_GNU_VERSYM = 0x6fffffff;
    static final int SHN_UNDEF = 0;
    static final int SHN_LORESERVE = 0xff00;
    static final int SHN_XINDEX = 0xffff;
    /** Bit of a {@code .gnu.version} entry marking a non-default ("hidden", {@code sym@VER}) version. */
    static final int VERSYM_HIDDEN = 0x8000;

    static final int STT_OBJECT = 1;
    static final int STT_FUNC = 2;
    static final int STT_GNU_IFUNC = 10;

    /** Field offsets for one ELF class. */
    record Offsets(int ehdrSize, int phoff, int shoff, int phentsize, int phnum, int shentsize, int shnum,
            int shstrndx, int phdrSize, int pType, int pOffset, int pVaddr, int pFilesz, int shdrSize, int shName,
            int shType, int shOffset, int shSize, int shLink, int shEntsize, int symSize, int stName, int stInfo,
            int stShndx, int stValue, int stSize, int word) {
    }

    static final Offsets ELF64 = new Offsets(64, 32, 40, 54, 56, 58, 60, 62,
            56, 0, 8, 16, 32,
            64, 0, 4, 24, 32, 40, 56,
            24, 0, 4, 6, 8, 16, 8);

    static final Offsets ELF32 = new Offsets(52, 28, 32, 42, 44, 46, 48, 50,
            32, 0, 4, 8, 16,
            40, 0, 4, 16, 20, 24, 36,
            16, 0, 12, 14, 4, 8, 4);

    private ElfLayout() {
    }
}
