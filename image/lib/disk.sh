# File-system and disk helpers for image/lib/assemble-*.sh: everything on plain files, nothing mounted.
# shellcheck shell=bash

# make_vfat FILE LABEL MIB DIR: a FAT32 file system of MIB MiB holding DIR's contents
make_vfat() {
    local file=$1 label=$2 mib=$3 dir=$4
    rm -f "$file"
    mkfs.vfat -F 32 -n "$label" -C "$file" "$((mib * 1024))" >/dev/null
    if [[ -n $(ls -A "$dir") ]]; then
        mcopy -s -p -i "$file" "$dir"/* ::/
    fi
}

# root_size_mib DIR: what DIR needs as ext4, plus a quarter and 256 MiB for the first boot's logs, database and
# updates (the partition is grown to the whole medium on first boot anyway)
root_size_mib() {
    local used
    used=$(du -s --block-size=1M "$1" | cut -f1)
    echo $((used + used / 4 + 256))
}

# make_ext4 FILE LABEL MIB DIR: an ext4 file system filled from DIR (owners, modes, links, device nodes, xattrs)
make_ext4() {
    local file=$1 label=$2 mib=$3 dir=$4
    rm -f "$file"
    mkfs.ext4 -q -F -L "$label" -d "$dir" "$file" "${mib}M"
    e2fsck -fn "$file" >/dev/null
}

# place PART IMG START_MIB: writes a partition's file system into the disk image at its offset
place() {
    dd if="$1" of="$2" bs=1M seek="$3" conv=notrunc,sparse status=none
}
