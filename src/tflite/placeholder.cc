// placeholder until the tflite layer lands
