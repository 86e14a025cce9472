// Shown while the board's reads run: the board's own layout, greyed.
import { BoardSkeleton } from "@/components/board/board-skeleton";

export default function Loading() {
  return <BoardSkeleton />;
}
