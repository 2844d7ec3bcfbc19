"""Peak RSS of this process for the Python peers: VmHWM, the peak of the process's own address
space. ru_maxrss would include the high-water mark Linux carries over from the (large) bench
process across fork and exec."""
import resource


def peak_rss_bytes():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
