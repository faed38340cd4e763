// debootstrap, chroot, /proc and unix file modes: these tests only make sense on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
