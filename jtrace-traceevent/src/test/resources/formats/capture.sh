#!/bin/sh
# Copies format files of the running kernel into this directory, keeping the tracefs layout
# (<system>/<event>/format), so that EventFormats.load(<this dir>) reads them like a tracefs.
# Run as root from this directory:  sh capture.sh [/sys/kernel/tracing]
set -eu
T=${1:-/sys/kernel/tracing}
for e in \
    sched/sched_switch sched/sched_wakeup sched/sched_process_exec \
    syscalls/sys_enter_openat syscalls/sys_exit_read \
    irq/irq_handler_entry irq/softirq_entry \
    kmem/kmalloc kmem/mm_page_alloc \
    net/netif_receive_skb skb/kfree_skb napi/napi_poll \
    tcp/tcp_probe tcp/tcp_retransmit_skb tcp/tcp_hash_md5_required \
    sock/inet_sock_set_state sock/sock_recv_length udp/udp_fail_queue_rcv_skb \
    timer/hrtimer_start timer/timer_start \
    workqueue/workqueue_queue_work workqueue/workqueue_execute_start \
    block/block_rq_issue block/block_rq_complete \
    writeback/writeback_dirty_inode writeback/writeback_single_inode \
    filemap/mm_filemap_add_to_page_cache signal/signal_generate task/task_newtask \
    rcu/rcu_utilization ipi/ipi_send_cpu ipi/ipi_send_cpumask exceptions/page_fault_user \
    ext4/ext4_fc_stats xfs/xfs_free_extent kvm/kvm_userspace_exit \
    dma/dma_alloc_sgt dma/dma_map_sg kvmmmu/kvm_mmu_get_page \
    ftrace/print ftrace/bprint ftrace/bputs ftrace/function ftrace/funcgraph_entry \
    ftrace/func_repeats ftrace/kernel_stack ftrace/raw_data ftrace/branch ftrace/funcgraph_exit \
    ftrace/user_stack ftrace/context_switch ftrace/wakeup ftrace/hwlat ftrace/osnoise ftrace/timerlat \
    ftrace/mmiotrace_rw ftrace/mmiotrace_map
do
    mkdir -p "$e"
    cat "$T/events/$e/format" > "$e/format"
done
uname -r > KERNEL_RELEASE
