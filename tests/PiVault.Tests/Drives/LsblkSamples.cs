namespace PiVault.Tests.Drives;

/// <summary>
/// <c>lsblk --json --bytes -o NAME,PATH,SIZE,TYPE,FSTYPE,UUID,LABEL,MODEL,SERIAL,TRAN,MOUNTPOINT,FSAVAIL,PTTYPE</c>
/// output: this development VM's (zram swap and one virtio disk mounted whole at /), and a Pi 5 with the SD card it
/// boots from, an NVMe drive on a HAT holding a PiVault partition, a USB-SATA drive with an NTFS partition and a blank
/// USB-SATA drive.
/// </summary>
public static class LsblkSamples
{
    public const string ThisMachine = """
        {
           "blockdevices": [
              {"name":"zram0","path":"/dev/zram0","size":0,"type":"disk","fstype":null,"uuid":null,"label":null,"model":null,"serial":null,"tran":null,"mountpoint":null,"fsavail":null,"pttype":null},
              {"name":"vda","path":"/dev/vda","size":274877906944,"type":"disk","fstype":null,"uuid":null,"label":null,"model":null,"serial":null,"tran":null,"mountpoint":"/","fsavail":70210285568,"pttype":null}
           ]
        }
        """;

    public const string NvmeUuid = "3f1c2a9e-5b7d-4e21-9c0a-8d6b4f2e1a77";

    public const string Pi5 = """
        {
           "blockdevices": [
              {"name":"sda","path":"/dev/sda","size":2000398934016,"type":"disk","fstype":null,"uuid":null,"label":null,"model":"ST2000LM015-2E8174 ","serial":"ZDZ1ABCD","tran":"usb","mountpoint":null,"fsavail":null,"pttype":"gpt",
                 "children": [
                    {"name":"sda1","path":"/dev/sda1","size":2000396836864,"type":"part","fstype":"ntfs","uuid":"01D9F5A1B2C3D4E5","label":"Photos 2019","model":null,"serial":null,"tran":null,"mountpoint":null,"fsavail":null,"pttype":"gpt"}
                 ]
              },
              {"name":"sdb","path":"/dev/sdb","size":1000204886016,"type":"disk","fstype":null,"uuid":null,"label":null,"model":"Samsung SSD 870","serial":"S6PNNX0T","tran":"usb","mountpoint":null,"fsavail":null,"pttype":null},
              {"name":"mmcblk0","path":"/dev/mmcblk0","size":63864569856,"type":"disk","fstype":null,"uuid":null,"label":null,"model":null,"serial":"0x1234abcd","tran":null,"mountpoint":null,"fsavail":null,"pttype":"dos",
                 "children": [
                    {"name":"mmcblk0p1","path":"/dev/mmcblk0p1","size":536870912,"type":"part","fstype":"vfat","uuid":"4AE7-5D3B","label":"bootfs","model":null,"serial":null,"tran":null,"mountpoint":"/boot/firmware","fsavail":460000000,"pttype":"dos"},
                    {"name":"mmcblk0p2","path":"/dev/mmcblk0p2","size":63327698944,"type":"part","fstype":"ext4","uuid":"9b2e1c4d-0a7f-4c55-8e3b-2f6d1a9c7e40","label":"rootfs","model":null,"serial":null,"tran":null,"mountpoint":"/","fsavail":51000000000,"pttype":"dos"}
                 ]
              },
              {"name":"nvme0n1","path":"/dev/nvme0n1","size":512110190592,"type":"disk","fstype":null,"uuid":null,"label":null,"model":"WD Blue SN580 500GB","serial":"23301G800123","tran":"nvme","mountpoint":null,"fsavail":null,"pttype":"gpt",
                 "children": [
                    {"name":"nvme0n1p1","path":"/dev/nvme0n1p1","size":512108093440,"type":"part","fstype":"ext4","uuid":"3f1c2a9e-5b7d-4e21-9c0a-8d6b4f2e1a77","label":"pivault-hot","model":null,"serial":null,"tran":"nvme","mountpoint":"/srv/pivault/hot","fsavail":480000000000,"pttype":"gpt"}
                 ]
              }
           ]
        }
        """;
}
